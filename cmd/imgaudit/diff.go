package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/imgaudit/imgaudit/pkg/diff"
	"github.com/imgaudit/imgaudit/pkg/diff/change"
	"github.com/imgaudit/imgaudit/pkg/policy"
	"github.com/imgaudit/imgaudit/report"
)

// diffOptions are the flags of imgaudit diff.
type diffOptions struct {
	source    sourceOptions
	format    string
	maxGrowth []string
	top       int
}

const diffLong = `imgaudit diff compares two images, OLD and NEW: how much bigger or smaller
NEW is, compressed and uncompressed; which layers both have (so whether the
base changed or only the application layers did); the directories and files
that changed most; the findings NEW brings and the ones it fixes; and how the
user, health check, entrypoint, cmd, environment (names only), ports and
labels changed. A layer both images have is read once. The policy file's
check settings (severities, disabled checks) apply to both images.

OLD and NEW take every form IMAGE takes in "imgaudit --help", and may differ:
a registry tag and a docker save tarball, say.

--max-growth sets how much NEW may grow over OLD, in uncompressed file
content: a size such as 20MB or 20MiB, or a percentage of OLD such as 5%.
Give it twice, or both separated by a comma, and growth past either fails.
A shrinking image always passes.

Exit codes:
  0  compared, and no --max-growth limit was exceeded
  1  compared, and NEW grew past a --max-growth limit
  2  could not compare (usage, input or network)
  130 interrupted`

func newDiffCmd(ios *streams) *cobra.Command {
	opts := &diffOptions{}
	cmd := &cobra.Command{
		Use:   "diff [flags] OLD NEW",
		Short: "Compare two images: size, layers, files, findings and config",
		Long:  diffLong,
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDiff(cmd, ios, opts, args[0], args[1])
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.format, "format", "f", "table", "report format: table, json or markdown")
	opts.source.addFlags(f)
	opts.source.addCacheFlag(f)
	f.StringArrayVar(&opts.maxGrowth, "max-growth", nil,
		"exit 1 when NEW grows by more than this: a size (20MB) or a percentage of OLD (5%)")
	f.IntVar(&opts.top, "top", diff.DefaultTop, "how many directories and files the report lists")
	return cmd
}

func runDiff(cmd *cobra.Command, ios *streams, opts *diffOptions, oldRef, newRef string) error {
	if opts.top <= 0 {
		return fmt.Errorf("--top: want a positive number, not %d", opts.top)
	}
	render, err := diffRenderer(opts.format, ios, opts.top)
	if err != nil {
		return err
	}
	limits, err := diff.ParseLimits(opts.maxGrowth)
	if err != nil {
		return fmt.Errorf("--max-growth: %w", err)
	}

	pol, err := policy.Load(opts.source.config)
	if err != nil {
		return err
	}
	if err := opts.source.openCache(); err != nil {
		return err
	}

	dopts := diff.Options{
		Checks:    pol.CheckOptions(),
		CacheDir:  opts.source.cacheDir,
		Top:       opts.top,
		MaxGrowth: limits,
		Warn:      func(msg string) { fmt.Fprintf(ios.ErrOut, "warning: %s\n", msg) },
	}
	dopts.Source.Platform = opts.source.platform
	dopts.Source.Insecure = opts.source.insecure
	rep, err := diff.References(cmd.Context(), oldRef, newRef, dopts)
	if err != nil {
		return explainAccess(err)
	}

	if err := render(rep); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	if rep.Gate.Failed() {
		return errGate
	}
	return nil
}

// diffRenderer picks the format of the comparison report.
func diffRenderer(format string, ios *streams, top int) (func(*change.Report) error, error) {
	ropts := report.DiffOptions{Files: top,
		TableOptions: report.TableOptions{Human: ios.TTY, Color: ios.Color, Width: ios.Width}}

	switch strings.ToLower(format) {
	case "table":
		return func(r *change.Report) error { return report.DiffTable(ios.Out, r, ropts) }, nil
	case "json":
		return func(r *change.Report) error { return report.DiffJSON(ios.Out, r) }, nil
	case "markdown", "md":
		return func(r *change.Report) error { return report.DiffMarkdown(ios.Out, r, ropts) }, nil
	}
	return nil, fmt.Errorf("unknown format %q (want table, json or markdown)", format)
}
