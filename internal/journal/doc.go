// Package journal is the invoice journal: the one record of every document
// the program has issued, and the number series that numbers them. It is the
// only package that speaks SQL.
//
// The journal is a database behind database/sql, today an SQLite file
// through the pure-Go driver modernc.org/sqlite (so the static and the
// cross-platform builds stay). Its SQL is portable: plain tables, TEXT for
// money (exact, two decimals, summed in Go, never by the database), no
// AUTOINCREMENT, no sequences, and placeholders written $1, $2 (as
// PostgreSQL writes them, and SQLite reads them too). What is SQLite's own
// is in open (the connection's settings), checkIntegrity (its PRAGMA
// checks) and busy (its "database is locked"): a server database replaces
// those three. The schema is a short list of numbered
// migration steps (migrations), each applied once in a transaction and
// recorded in the table schema_migrations.
//
// # What holds
//
// The series is gap-free: the counter (series.next_number) is advanced in
// the same transaction as the documents it numbers, so a run that fails or
// is killed before its commit consumes no number. A writing transaction
// takes the write lock at its start (SQLite's BEGIN IMMEDIATE; its first
// statement updates the series row, which is the row lock a server database
// would take) and waits up to BusyTimeout for another run, so two runs take
// turns.
//
// Every run and every document is an entry of one hash chain: entry n
// stores prev_hash, the hash of entry n-1 (64 zeros for the first), and
// hash, the SHA-256 of prev_hash and the entry's canonical bytes (see
// canonical.go). An edit of any recorded field, a deleted or an inserted
// row breaks the chain, and Check finds it. Someone who rewrites the whole
// chain is found only against a head hash kept elsewhere: Head and Check
// report it so that an auditor can note it.
package journal
