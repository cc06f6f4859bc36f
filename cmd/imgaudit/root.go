package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/imgaudit/imgaudit/pkg/policy"
	"github.com/imgaudit/imgaudit/pkg/result"
)

// auditOptions are the flags of an audit.
type auditOptions struct {
	format   string
	failOn   string
	output   string
	baseline string
	source   sourceOptions
}

const rootLong = `imgaudit audits a built container image: the runtime user, the health
check, leftover package caches, compilers, .env files, version-control folders
and other secrets (also ones a later layer deleted but the image still ships),
and which paths make each layer big.

IMAGE is one of:
  registry:REF                  an image in a registry
  docker:NAME                   an image in the local Docker daemon (DOCKER_HOST)
  docker-archive:PATH[:REF|:@N] a docker save tarball; REF or N picks one of several
  oci-archive:PATH              a tar of an OCI layout
  oci-dir:PATH                  an OCI layout folder
  PATH                          any of those files, recognised by content
  REF                           the daemon's image if it has it, else the registry's

The policy file .imgaudit.yaml in the working directory (or the file --config
names) changes severities, turns checks off, waives findings for a reason and
sets size budgets. A waived finding stays in the report but does not fail the
gate. With --baseline FILE, written by "imgaudit baseline IMAGE > FILE", only
findings that are new or got more severe fail it.

Exit codes:
  0  audited, and the gate passed: no finding blocks at --fail-on
  1  audited, and the gate failed: a finding at or above --fail-on that no
     waiver covers and, with --baseline, that is new or got worse
  2  could not audit: usage, policy file, baseline, input or network
  130 interrupted`

func newRootCmd(io *streams) *cobra.Command {
	opts := &auditOptions{}
	many := &manyOptions{}
	cmd := &cobra.Command{
		Use:           "imgaudit [flags] IMAGE...",
		Short:         "Audit a built container image before it is deployed",
		Long:          rootLong,
		Args:          cobra.ArbitraryArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if many.wanted(args, opts.format) {
				return runMany(cmd, io, opts, many, args)
			}
			if err := cobra.ExactArgs(1)(cmd, args); err != nil {
				return err
			}
			return runAudit(cmd, io, opts, args[0])
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.format, "format", "f", "table",
		"report format: "+strings.Join(formats, ", "))
	f.StringVar(&opts.failOn, "fail-on", "",
		"exit 1 when a finding is at or above this severity: high, medium, low, info or none\n"+
			"(default: the policy's failOn, else high)")
	f.StringVarP(&opts.output, "output", "o", "",
		"write the report to this file instead of stdout, and a summary to stderr")
	f.StringVar(&opts.baseline, "baseline", "",
		"fail only on findings that this baseline file lacks or has at a lower severity")
	opts.source.addFlags(f)
	opts.source.addCacheFlag(f)
	many.addFlags(f)
	cmd.AddCommand(newBaselineCmd(io))
	cmd.AddCommand(newChecksCmd(io), newExplainCmd(io))
	cmd.AddCommand(newDiffCmd(io))
	addTimeout(cmd)
	cmd.SetOut(io.Out)
	cmd.SetErr(io.ErrOut)
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return err })
	return cmd
}

func runAudit(cmd *cobra.Command, ios *streams, opts *auditOptions, ref string) error {
	render, err := renderer(opts.format, ios, opts.output != "")
	if err != nil {
		return err
	}
	pol, err := policy.Load(opts.source.config)
	if err != nil {
		return err
	}
	threshold, err := gateThreshold(opts.failOn, pol)
	if err != nil {
		return err
	}
	var base *policy.Baseline
	if opts.baseline != "" {
		if base, err = policy.ReadBaseline(opts.baseline); err != nil {
			return err
		}
	}

	res, err := auditWithPolicy(cmd.Context(), ios, ref, opts.source, pol)
	if err != nil {
		return err
	}
	gate := policy.Decide(res, threshold, base)

	if err := writeReport(ios, opts.output, func(w io.Writer) error {
		return render(w, res, rules(pol))
	}); err != nil {
		return err
	}
	if opts.output != "" {
		fmt.Fprintln(ios.ErrOut, summary(res, opts.output))
	}
	if !gate.Passed {
		return errGate
	}
	return nil
}

// gateThreshold picks the gate threshold: --fail-on, else the policy's
// failOn, else high.
func gateThreshold(flag string, pol *policy.Policy) (result.Severity, error) {
	if flag != "" {
		sev, err := policy.ParseThreshold(flag)
		if err != nil {
			return 0, fmt.Errorf("--fail-on: %w, or none", err)
		}
		return sev, nil
	}
	if pol.FailOn != "" {
		return policy.ParseThreshold(pol.FailOn)
	}
	return result.High, nil
}
