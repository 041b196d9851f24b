// Package audit compares what was issued with what a fresh computation
// issues, for verify: every cell of a lines table, every value of a JSON
// document or manifest, every element and attribute of an EHF invoice.
//
// The adapters (csvio, jsonio, ehfio) read an issued file into a Node tree
// that keeps each value's position in the file; the same adapters read the
// freshly rendered output into a tree too, so both sides are compared the
// same way, value by value, and nothing the issued file states is left out.
//
// What is content and what is form: a value that differs is a Difference
// (verify exits 3); a way of writing the same value that calculate does not
// use — another order of lines or keys, "185558.240" for "185558.24", a
// byte-order mark, CRLF line ends — is a Note. Values that are reported but
// not counted (the program version that made the run) are Reported.
//
// Like billing, the package does no I/O.
package audit
