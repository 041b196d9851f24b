package outfile

// removeWhileOpen: Go opens files without FILE_SHARE_DELETE, so a file
// that any process holds open cannot be removed.
const removeWhileOpen = false

// syncDir does nothing: Windows cannot flush a folder that Go opens for
// reading (FlushFileBuffers needs write access), and NTFS keeps a rename
// in its own journal of metadata changes.
func syncDir(dir string) {}
