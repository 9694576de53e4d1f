"""Objectives: the tracker (stored targets), forecast math, progress from the store, SMART checks."""
