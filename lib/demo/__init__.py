"""The demo workspace: calendar and seeded draws, marketing, shop, and the assembly (build)."""
