package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/imgaudit/imgaudit/pkg/audit"
	"github.com/imgaudit/imgaudit/pkg/result"
	"github.com/imgaudit/imgaudit/report"
)

// auditOptions are the flags of an audit.
type auditOptions struct {
	format   string
	failOn   string
	platform string
	insecure bool
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

Exit codes:
  0  audited, and no finding is at or above --fail-on
  1  audited, and a finding is at or above --fail-on
  2  could not audit (usage, input or network)
  130 interrupted`

func newRootCmd(io *streams) *cobra.Command {
	opts := &auditOptions{}
	cmd := &cobra.Command{
		Use:           "imgaudit [flags] IMAGE",
		Short:         "Audit a built container image before it is deployed",
		Long:          rootLong,
		Args:          cobra.ExactArgs(1),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runAudit(cmd, io, opts, args[0])
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.format, "format", "f", "table", "report format: table or json")
	f.StringVar(&opts.failOn, "fail-on", "high",
		"exit 1 when a finding is at or above this severity: high, medium, low, info or none")
	f.StringVar(&opts.platform, "platform", "",
		"os/arch[/variant] to pick from a multi-platform image (default: the only one, else linux/amd64)")
	f.BoolVar(&opts.insecure, "insecure", false,
		"allow plain HTTP to registries (localhost and 127.0.0.1 always may)")
	cmd.SetOut(io.Out)
	cmd.SetErr(io.ErrOut)
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return err })
	return cmd
}

func runAudit(cmd *cobra.Command, io *streams, opts *auditOptions, ref string) error {
	threshold, err := parseFailOn(opts.failOn)
	if err != nil {
		return err
	}
	render, err := renderer(opts.format, io)
	if err != nil {
		return err
	}

	aopts := audit.Options{Warn: func(msg string) { fmt.Fprintf(io.ErrOut, "warning: %s\n", msg) }}
	aopts.Source.Platform = opts.platform
	aopts.Source.Insecure = opts.insecure
	res, err := audit.Reference(cmd.Context(), ref, aopts)
	if err != nil {
		return err
	}

	if err := render(res); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	if gateFails(res.Findings, threshold) {
		return errGate
	}
	return nil
}

// renderer picks the report format.
func renderer(format string, io *streams) (func(*result.Result) error, error) {
	switch strings.ToLower(format) {
	case "table":
		topts := report.TableOptions{Human: io.TTY, Color: io.Color, Width: io.Width}
		return func(r *result.Result) error { return report.Table(io.Out, r, topts) }, nil
	case "json":
		return func(r *result.Result) error { return report.JSON(io.Out, r) }, nil
	}
	return nil, fmt.Errorf("unknown format %q (want table or json)", format)
}

// parseFailOn reads the gate threshold; 0 means the gate is off.
func parseFailOn(s string) (result.Severity, error) {
	if strings.EqualFold(s, "none") {
		return 0, nil
	}
	sev, err := result.ParseSeverity(s)
	if err != nil {
		return 0, fmt.Errorf("--fail-on: %w", err)
	}
	return sev, nil
}

// gateFails reports whether a finding is at or above the threshold.
func gateFails(fs []result.Finding, threshold result.Severity) bool {
	if threshold == 0 {
		return false
	}
	for _, f := range fs {
		if f.Severity >= threshold {
			return true
		}
	}
	return false
}
