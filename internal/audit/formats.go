package audit

import (
	"fmt"
	"slices"
	"strings"
)

// LinesKey are the columns that identify a line of the lines table.
var LinesKey = []string{"municipality_number", "quarter", "solution"}

func lineLabel(n *Node) string {
	return fmt.Sprintf("%s %s Q%s %s", n.Text("municipality_number"), n.Text("municipality_name"), n.Text("quarter"), n.Text("solution"))
}

// cells writes a row's cells as a comma-separated line.
func cells(n *Node) string {
	var s []string
	for _, f := range n.Fields {
		s = append(s, f.Node.Value)
	}
	return strings.Join(s, ",")
}

// LinesSpec compares a lines table (the CSV output): an array of rows,
// each an object of cells by column name. Rows pair by municipality,
// quarter and solution; every column is compared.
func LinesSpec(file string) Spec {
	return Spec{File: file, Style: Columns, FieldItem: "cell", Arrays: map[string]ArraySpec{
		"": {Item: "line", Key: LinesKey, Label: lineLabel, Summary: cells, OrderNote: "lines are in another order than calculate writes"},
	}}
}

// metaArrays are the arrays of a run record at prefix ("/meta" in the
// JSON document, "" in a manifest).
func metaArrays(prefix string, arrays map[string]ArraySpec) {
	arrays[prefix+"/inputs"] = ArraySpec{Item: "input", Key: []string{"role"}, Strict: true, Label: func(n *Node) string { return n.Text("role") + " file " + n.Text("name") }}
	arrays[prefix+"/inputs/*/notes"] = ArraySpec{Item: "note"}
	arrays[prefix+"/tariff/shares"] = ArraySpec{Item: "share", Key: []string{"solution"}, Label: func(n *Node) string { return n.Text("solution") }}
	arrays[prefix+"/tariff/waivers"] = ArraySpec{Item: "waiver", Key: []string{"solution"}, Label: func(n *Node) string { return n.Text("solution") }}
	arrays[prefix+"/tariff/waivers/*/quarters"] = ArraySpec{Item: "quarter"}
	arrays[prefix+"/output/files"] = ArraySpec{Item: "file", Key: []string{"name"}, Label: func(n *Node) string { return n.Text("name") }}
}

// provenance lists the patterns of a run record at prefix that the
// provenance comparison (record.Compare) covers: which input of each role,
// by hash, and the tariff by its source's hash and its annual cost.
func provenance(prefix string) []string {
	return []string{prefix + "/inputs", prefix + "/inputs/*/sha256", prefix + "/tariff/source_sha256", prefix + "/tariff/annual_cost"}
}

const keyOrderNote = "the keys are in another order than calculate writes"

// DocumentSpec compares the JSON document: meta, lines, municipalities,
// pools and totals. Lines pair by municipality, quarter and solution,
// municipalities by number, pools by solution and quarter, inputs by role.
// The program, the stamp and the inputs' names are reported, not counted
// (a renamed file with the same bytes is the same input); which inputs and
// which tariff are the provenance's to compare (record.Compare).
func DocumentSpec(file string) Spec {
	arrays := map[string]ArraySpec{
		"/lines": {Item: "line", Key: LinesKey, Label: lineLabel, OrderNote: "lines are in another order than calculate writes"},
		"/municipalities": {Item: "municipality", Key: []string{"municipality_number"}, Label: func(n *Node) string {
			return n.Text("municipality_number") + " " + n.Text("municipality_name")
		}, OrderNote: "municipalities are in another order than calculate writes"},
		"/pools": {Item: "pool", Key: []string{"solution", "quarter"}, Label: func(n *Node) string {
			return n.Text("solution") + " Q" + n.Text("quarter")
		}, OrderNote: "pools are in another order than calculate writes"},
	}
	metaArrays("/meta", arrays)
	return Spec{File: file, Style: Pointer, Arrays: arrays, Reported: []string{"/meta/program", "/meta/stamp", "/meta/inputs/*/name"}, Skip: provenance("/meta"), FieldOrderNote: keyOrderNote}
}

// ManifestSpec compares a manifest, the run record calculate writes with
// --manifest. The program, the stamp and the names of the inputs and the
// output are reported, not counted: a newer release may re-run an old
// year, and a file may be renamed after it was issued.
func ManifestSpec(file string) Spec {
	arrays := map[string]ArraySpec{}
	metaArrays("", arrays)
	return Spec{File: file, Style: Pointer, Arrays: arrays, Reported: []string{"/program", "/stamp", "/output/name", "/inputs/*/name"}, Skip: provenance(""),
		Names: map[string]string{"/output": "the output this manifest describes", "/output/sha256": "output hash", "/rules": "rules version"}, FieldOrderNote: keyOrderNote}
}

// OutputSpec compares what a manifest records of the output with the
// issued output as it is now: a hash that differs is evidence of a change.
func OutputSpec(file string) Spec {
	return Spec{File: file, Style: Pointer, Reported: []string{"/name"}, Arrays: map[string]ArraySpec{
		"/files": {Item: "file", Key: []string{"name"}, Label: func(n *Node) string { return n.Text("name") }},
	}}
}

// CompareOutput compares what a manifest (file) records of its output,
// recorded (its /output, nil when it has none), with the issued output as
// it is now. A hash that differs is evidence that the output was changed
// after it was issued: it is counted as a hash.
func CompareOutput(recorded, now *Node, file string) Report {
	if recorded == nil {
		return Report{} // the comparison with the recomputed record names it
	}
	r := Compare(recorded, now, OutputSpec(file))
	// A file missing from the folder or extra in it is counted by the
	// comparison of the folder; here only the hashes count.
	r.Differences = slices.DeleteFunc(r.Differences, func(d Difference) bool { return d.Change != Changed && d.Item == "file" })
	for i, d := range r.Differences {
		r.Differences[i].Path = "/output" + d.Path
		if d.Change == Changed && strings.HasSuffix(d.Path, "/sha256") {
			r.Differences[i].Item = "hash"
			r.Differences[i].Subject = strings.TrimSpace(d.Subject + " recorded hash, and the file's hash now")
		}
	}
	r.Reported = nil
	if is, was := now.Text("name"), recorded.Text("name"); is != was {
		r.Reported = append(r.Reported, fmt.Sprintf("the manifest names the output %s; the issued output is called %s", was, is))
	}
	return r
}

// InvoiceSpec compares one EHF invoice, element by element and attribute
// by attribute. Invoice lines pair by their ID.
func InvoiceSpec(file string) Spec {
	const inv, pay = "/Invoice", "/Invoice/cac:PaymentMeans"
	return Spec{File: file, Style: XPath, FieldItem: "element", Arrays: map[string]ArraySpec{
		inv + "/cac:InvoiceLine": {Item: "invoice line", Key: []string{"cbc:ID"}, Label: func(n *Node) string { return "line " + n.Text("cbc:ID") }},
	}, Names: map[string]string{
		inv + "/cbc:ID":                           "invoice id",
		inv + "/cbc:IssueDate":                    "issue date",
		inv + "/cbc:DueDate":                      "due date",
		inv + "/cbc:BuyerReference":               "buyer reference",
		pay + "/cbc:PaymentID":                    "KID",
		pay + "/cac:PayeeFinancialAccount/cbc:ID": "account",
		inv + "/cac:AccountingSupplierParty/cac:Party/cbc:EndpointID": "seller endpoint",
		inv + "/cac:AccountingCustomerParty/cac:Party/cbc:EndpointID": "buyer endpoint",
		inv + "/cac:LegalMonetaryTotal/cbc:PayableAmount":             "payable amount",
		inv + "/cac:InvoiceLine/cbc:LineExtensionAmount":              "amount",
	}}
}

// File is one file of an issued or recomputed EHF folder: its name and
// its tree, or why it is not an invoice.
type File struct {
	Name string
	Root *Node
	Err  error
}

// ID returns the invoice id the file states.
func (f File) ID() string {
	return f.Root.Get("Invoice").Text("cbc:ID")
}

// CompareFolder compares the files of an issued EHF folder with the
// recomputed invoices, by file name: a recomputed invoice without a file
// is missing, a file without a recomputed invoice is extra, and a file that
// is not an invoice is extra too (and the invoice of its name missing).
func CompareFolder(folder string, issued, recomputed []File) Report {
	var r Report
	byName := map[string]File{}
	for _, f := range issued {
		byName[f.Name] = f
	}
	known := map[string]bool{}
	for _, re := range recomputed {
		known[re.Name] = true
		is, ok := byName[re.Name]
		switch {
		case !ok || is.Err != nil:
			r.Differences = append(r.Differences, Difference{Change: Missing, Item: "invoice", Where: folder, Path: re.Name,
				Subject: re.ID(), Recomputed: invoiceSummary(re)})
		default:
			r.Add(Compare(is.Root, re.Root, InvoiceSpec(re.Name)))
		}
	}
	for _, is := range issued {
		switch {
		case is.Err != nil:
			r.Differences = append(r.Differences, Difference{Change: Extra, Item: "file", Where: folder, Path: is.Name,
				Issued: "not an invoice: " + is.Err.Error()})
		case !known[is.Name]:
			r.Differences = append(r.Differences, Difference{Change: Extra, Item: "invoice", Where: folder, Path: is.Name,
				Subject: is.ID(), Issued: invoiceSummary(is)})
		}
	}
	return r
}

// CompareInvoice compares one issued invoice file with the recomputed
// invoice of the id it states, or else of its file name (its id was
// changed); an invoice that is neither is extra.
func CompareInvoice(issued File, recomputed []File) Report {
	for _, match := range []func(File) bool{
		func(re File) bool { return re.ID() == issued.ID() },
		func(re File) bool { return re.Name == issued.Name },
	} {
		for _, re := range recomputed {
			if match(re) {
				return Compare(issued.Root, re.Root, InvoiceSpec(issued.Name))
			}
		}
	}
	return Report{Differences: []Difference{{Change: Extra, Item: "invoice", Where: issued.Name, Path: "/Invoice/cbc:ID",
		Subject: issued.ID(), Issued: invoiceSummary(issued) + ": a fresh computation issues no invoice of this id"}}}
}

func invoiceSummary(f File) string {
	inv := f.Root.Get("Invoice")
	buyer := inv.Get("cac:AccountingCustomerParty").Get("cac:Party").Get("cac:PartyLegalEntity").Text("cbc:RegistrationName")
	return fmt.Sprintf("invoice %s to %s, payable %s", inv.Text("cbc:ID"), buyer, inv.Get("cac:LegalMonetaryTotal").Text("cbc:PayableAmount"))
}
