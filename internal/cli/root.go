package cli

import (
	"io"
	"time"

	"github.com/spf13/cobra"
)

func newRootCmd(stdin io.Reader, stdout, stderr io.Writer, now func() time.Time) *cobra.Command {
	root := &cobra.Command{
		Use:   prog,
		Short: "Split NAV's yearly Digisos cost into invoice lines per municipality",
		Long: `digisos-invoice splits NAV's yearly operation and management cost of the Digisos
solutions (soknad, innsyn) over the municipalities that use them: per inhabitant,
per municipality and per quarter, exact to the øre.`,
		Example:       "  digisos-invoice calculate --year 2020 --input testdata/sample.csv",
		SilenceErrors: true,
		SilenceUsage:  true,
		Version:       version().String(),
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError("%v", err)
	})
	root.AddCommand(newCalculateCmd(stdout, stderr, now), newTariffsCmd(stdout), newExplainCmd(stdout), newVerifyCmd(stdout), newPopulationCmd(stdout, stderr),
		newCorrectCmd(stdout, stderr, now))
	return root
}
