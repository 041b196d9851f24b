package cli

import (
	"runtime/debug"

	"digisos-invoice/internal/record"
)

// version reads the program's version from its build information: the
// module version, and the VCS revision when the binary was built from a
// checkout. Test binaries have neither, which keeps golden files stable.
func version() record.Program {
	p := record.Program{Name: prog, Version: "(devel)"}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return p
	}
	if v := info.Main.Version; v != "" {
		p.Version = v
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			p.Revision = s.Value
		case "vcs.modified":
			if s.Value == "true" && p.Revision != "" {
				p.Revision += "+modified"
			}
		}
	}
	return p
}
