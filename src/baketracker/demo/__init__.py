"""The demo data set (a document in our own format) and the script that builds it."""
