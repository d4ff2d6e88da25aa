"""What Markdown calls: the page macros, their provenance rendering and the checks of each page's calls."""
