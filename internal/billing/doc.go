// Package billing is the domain of digisos-invoice: municipalities and the
// solutions they use, the yearly tariff, and the allocation engine that turns
// NAV's yearly Digisos cost into per-municipality invoice lines.
//
// The package does no I/O. Readers and writers for each file format live in
// their own adapter packages and hand plain values to [Allocate].
//
// # Pools
//
// A year's annual cost is split over the solutions by the tariff's shares,
// and each solution's amount over quarters 1–4 in equal parts. Each
// (solution, quarter) amount is a pool. A pool goes to the municipalities
// that take part in that solution in that quarter, in proportion to their
// population on the tariff's population date.
//
// A municipality takes part in (solution, quarter) when it uses the solution
// the whole year (the input has no column for the solution), or when the day
// it started using it is on or before the last day of that quarter. A start
// date before the year means all four quarters; one after the year means none.
//
// # Rounding
//
// All amounts are whole øre (int64); nothing is ever a float. Every split —
// annual cost over solutions, a solution over quarters, a pool over
// municipalities — uses the same largest-remainder rule, in one function:
//
//  1. Each part's exact share is total × weight ÷ (sum of weights), computed
//     exactly with 128-bit integers.
//  2. Each part gets its exact share rounded down to whole øre.
//  3. The øre left over (always fewer than the number of parts) go one each
//     to the parts with the largest remainders, the part that rounding down
//     cut off.
//  4. Equal remainders are broken by a fixed order: solutions in the order
//     of the tariff (soknad before innsyn), quarters from the first, and
//     municipalities by larger population, then lower municipality number.
//
// So the parts always add up exactly to what was split, each part is within
// one øre of its exact share, and the order of the input rows never changes
// a result.
//
// # Waivers and empty pools
//
// A waived pool (innsyn in Q1 and Q2 2020) is allocated the same way, but
// its lines carry the share as waived instead of as an amount. A pool with no
// participants, or whose participants have no inhabitants, is not allocated
// at all and is reported as unallocated. Over a whole run,
// invoiced + waived + unallocated = annual cost, to the øre.
package billing
