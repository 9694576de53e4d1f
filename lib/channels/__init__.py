"""Readers for the channel pages and cross-channel views: site items, paid pacing, social, email, content, journey, campaigns, annotations."""
