package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/imgaudit/imgaudit/pkg/policy"
)

const baselineLong = `baseline audits IMAGE and prints the findings it has now as a baseline
file: JSON that names each finding by its check and path, with its severity,
and holds no message. Findings a policy waiver covers are left out.

Keep the file with the code and pass it to the gate with --baseline FILE:
the gate then fails only on findings the file lacks, or has at a lower
severity.

Exit codes: 0 written, 2 could not audit, 130 interrupted.`

// baselineOptions are the flags of imgaudit baseline.
type baselineOptions struct {
	output string
	source sourceOptions
}

func newBaselineCmd(ios *streams) *cobra.Command {
	opts := &baselineOptions{}
	cmd := &cobra.Command{
		Use:   "baseline [flags] IMAGE",
		Short: "Record the findings an image has now, for --baseline",
		Long:  baselineLong,
		Example: "  imgaudit baseline registry:127.0.0.1:5000/app:1.4 > .imgaudit-baseline.json\n" +
			"  imgaudit --baseline .imgaudit-baseline.json registry:127.0.0.1:5000/app:1.5",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			pol, err := policy.Load(opts.source.config)
			if err != nil {
				return err
			}
			res, err := auditWithPolicy(cmd.Context(), ios, args[0], opts.source, pol)
			if err != nil {
				return err
			}
			b := policy.NewBaseline(res)
			return writeReport(ios, opts.output, func(w io.Writer) error { return b.Write(w) })
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.output, "output", "o", "", "write the baseline to this file instead of stdout")
	opts.source.addFlags(f)
	opts.source.addCacheFlag(f)
	return cmd
}
