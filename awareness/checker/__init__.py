"""The "Is het nep?" checker: decision trees synced from content/checks, walked by residents
with the path in the URL, and anonymous counts of the outcomes reached (nothing else)."""
