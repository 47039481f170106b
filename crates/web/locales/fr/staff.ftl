## Staff pages
