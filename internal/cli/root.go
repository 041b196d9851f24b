package cli

import (
	"cmp"
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
	root.AddCommand(newCalculateCmd(stdout, stderr, now), newIssueCmd(stdout, stderr), newTariffsCmd(stdout), newExplainCmd(stdout), newVerifyCmd(stdout), newPopulationCmd(stdout, stderr),
		newCorrectCmd(stdout, stderr, now), newJournalCmd(stdout, stderr))
	usageErrors(root)
	singleValued(root)
	return root
}

// usageErrors makes cobra's errors about the command line usage errors
// (exit 2), where cobra reports them: a bad flag, a wrong argument, a
// required flag missing. (An unknown command is recognised by classify.)
func usageErrors(root *cobra.Command) {
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError("%v", err)
	})
	// Cobra checks required flags after the persistent pre-run, so that
	// this check comes first.
	root.PersistentPreRunE = func(c *cobra.Command, args []string) error {
		if err := cmp.Or(c.ValidateRequiredFlags(), c.ValidateFlagGroups()); err != nil {
			return usageError("%v", err)
		}
		return nil
	}
	// The help and completion commands are added now rather than when
	// the root runs, so that their arguments are checked the same way.
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if check := c.Args; check != nil {
			c.Args = func(c *cobra.Command, args []string) error {
				if err := check(c, args); err != nil {
					return usageError("%v", err)
				}
				return nil
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}
