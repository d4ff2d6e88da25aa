"""What the build writes beside the pages: hooks, downloads, the data package."""
