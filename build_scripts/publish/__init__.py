"""Publish: what happens to the built site — docs written, the engine's output made lighter, the sitemap, the offline
zip, the link check — and how a new site takes the old one's place."""
