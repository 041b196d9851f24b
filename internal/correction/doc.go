// Package correction corrects a year that has been invoiced already. An
// issued invoice is never changed or re-used: when the inputs behind it
// change, a correction compares a fresh [billing.Allocation] with what
// stands invoiced and issues new documents for the difference, a credit
// note to a municipality that owes less and a supplementary invoice to one
// that owes more.
//
// The package does no I/O and imports only the standard library and
// billing, like billing itself.
//
// # What stands invoiced
//
// A [Record] holds, per municipality and line (quarter, solution), the
// amount that stands invoiced (the original invoice plus every correction
// document since), the amount of the last computation, and every document
// issued for the year. calculate's output is the record of correction 0,
// where the two amounts are equal.
//
// # The identity
//
// A correction settles a municipality when the total of its differences is
// at least the threshold (and not zero); its document then carries every
// line whose computed amount differs from what stands invoiced. The other
// differences are unsettled. Per line and in total, to the øre:
//
//	stood invoiced + this correction's documents + unsettled = the corrected computation
//
// Unsettled differences are not written off and not carried as a separate
// balance: the next correction compares its computation with what stands
// invoiced, so an earlier unsettled difference is part of the next
// difference, and is settled once the municipality's total crosses the
// threshold. The unsettled lines of a record are always the whole gap
// between what stands invoiced and the record's computation.
//
// # Document ids
//
// Correction n of a year gives municipality NNNN the document
// DIGISOS-YYYY-NNNN-Kn (K for korreksjon), for a credit note and a
// supplementary invoice alike: one municipality gets at most one document
// per correction, and calculate's ids (DIGISOS-YYYY-NNNN) never end in -Kn,
// so an id is never issued twice for the year. Its KID is made from the
// id's digits as for the original invoice, so it includes the correction
// number: 202003011 + check digit for DIGISOS-2020-0301-K1.
package correction
