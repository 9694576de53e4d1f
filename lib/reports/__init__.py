"""The post-campaign report: its data (report), the document model (doc), HTML and PDF renderings."""
