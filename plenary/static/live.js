// Live pages: filled by the live-pages work.
