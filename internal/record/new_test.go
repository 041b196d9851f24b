package record

import "testing"

func TestNewFolderOutput(t *testing.T) {
	files := []OutputFile{{Name: "a.xml", SHA256: Hash([]byte("a"))}, {Name: "b.xml", SHA256: Hash([]byte("b"))}}
	got := NewFolderOutput("ehf-2020", "ehf", files)
	// What `sha256sum a.xml b.xml | sha256sum` prints for files holding "a" and "b".
	listing := "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb  a.xml\n" +
		"3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d  b.xml\n"
	if want := Hash([]byte(listing)); got.SHA256 != want || got.Name != "ehf-2020" || got.Format != "ehf" || len(got.Files) != 2 {
		t.Errorf("NewFolderOutput() = %+v, want sha256 %s", got, want)
	}
}

func TestProgramString(t *testing.T) {
	tests := []struct {
		name string
		p    Program
		want string
	}{
		{"no revision", Program{Version: "(devel)"}, "(devel)"},
		{"with revision", Program{Version: "v1.2.0", Revision: "abc+modified"}, "v1.2.0 (abc+modified)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.p.String(); got != tc.want {
				t.Errorf("String() = %q, want %q", got, tc.want)
			}
		})
	}
}
