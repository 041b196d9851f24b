package cli

import (
	"bytes"
	"io"

	"github.com/spf13/cobra"

	"digisos-invoice/internal/textio"
)

type tariffsOptions struct {
	tariff string
	stdout io.Writer
}

func newTariffsCmd(stdout io.Writer) *cobra.Command {
	opts := tariffsOptions{stdout: stdout}
	cmd := &cobra.Command{
		Use:   "tariffs [--tariff FILE]",
		Short: "Print the effective tariff of each year and how its cost was derived",
		Long: `tariffs prints the tariff table that calculate applies: the built-in years, with
the years of --tariff added or replacing them. For an index-regulated year it
shows the arithmetic step by step.`,
		Example: "  digisos-invoice tariffs\n  digisos-invoice tariffs --tariff testdata/tariffs.toml",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runTariffs(opts)
		},
	}
	cmd.Flags().StringVar(&opts.tariff, "tariff", "", "tariff TOML file: adds years to the built-in tariffs or replaces them")
	readsFiles(cmd.Flags(), "tariff")
	return cmd
}

func runTariffs(opts tariffsOptions) error {
	ts, _, err := loadTariffs(opts.tariff)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := textio.WriteTariffs(&b, ts); err != nil {
		return failure(err)
	}
	return toStdout(opts.stdout, b.Bytes())
}
