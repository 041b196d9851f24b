package outfile

// removeWhileOpen: Go opens files without FILE_SHARE_DELETE, so a file
// that any process holds open cannot be removed.
const removeWhileOpen = false
