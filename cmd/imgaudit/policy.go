package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/spf13/pflag"

	"github.com/imgaudit/imgaudit/pkg/audit"
	"github.com/imgaudit/imgaudit/pkg/check"
	"github.com/imgaudit/imgaudit/pkg/policy"
	"github.com/imgaudit/imgaudit/pkg/result"
	"github.com/imgaudit/imgaudit/report"
)

// sourceOptions are the flags every command that audits an image shares.
type sourceOptions struct {
	config   string
	platform string
	insecure bool
	cacheDir string
}

func (o *sourceOptions) addFlags(f *pflag.FlagSet) {
	f.StringVar(&o.config, "config", "",
		"policy file (default: "+policy.DefaultFile+" in the working directory, if there is one)")
	f.StringVar(&o.platform, "platform", "",
		"os/arch[/variant] to pick from a multi-platform image (default: the only one, else linux/amd64)")
	f.BoolVar(&o.insecure, "insecure", false,
		"allow plain HTTP to registries (localhost and 127.0.0.1 always may)")
}

// addCacheFlag adds --cache-dir, for the commands that audit images one
// after another.
func (o *sourceOptions) addCacheFlag(f *pflag.FlagSet) {
	f.StringVar(&o.cacheDir, "cache-dir", "",
		"keep what each layer holds in this folder, so later runs read only layers it lacks")
}

// openCache makes sure the --cache-dir folder exists, so that a folder that
// cannot be made fails the run instead of silently caching nothing.
func (o *sourceOptions) openCache() error {
	if o.cacheDir == "" {
		return nil
	}
	if err := os.MkdirAll(o.cacheDir, 0o755); err != nil {
		return fmt.Errorf("making --cache-dir %q: %w", o.cacheDir, err)
	}
	return nil
}

// auditWithPolicy audits ref with the checks the policy asks for and marks
// the findings its waivers cover.
func auditWithPolicy(ctx context.Context, ios *streams, ref string, o sourceOptions,
	pol *policy.Policy) (*result.Result, error) {
	if err := o.openCache(); err != nil {
		return nil, err
	}
	aopts := audit.Options{
		Checks: pol.CheckOptions(),
		Warn:   func(msg string) { fmt.Fprintf(ios.ErrOut, "warning: %s\n", msg) },
	}
	aopts.Source.Platform = o.platform
	aopts.Source.Insecure = o.insecure
	aopts.CacheDir = o.cacheDir
	progress, stop := startProgress(ios)
	aopts.Progress = progress

	res, err := audit.Reference(ctx, ref, aopts)
	stop()
	if err != nil {
		// The refusal's message stands in for the chain's, which named
		// the image: name it again.
		if aerr := explainAccess(err); aerr != err {
			return nil, fmt.Errorf("reading %q: %w", ref, aerr)
		}
		return nil, err
	}
	pol.Waive(res, time.Now())
	return res, nil
}

// rules describes the catalogue for the formats that list every check.
func rules(pol *policy.Policy) []report.Rule {
	all := check.All()
	out := make([]report.Rule, 0, len(all))
	for _, c := range all {
		out = append(out, report.Rule{
			ID: c.ID, Severity: c.Severity, Summary: c.Summary,
			Rationale: c.Rationale, Fix: c.Fix,
			Disabled: pol.Checks[c.ID].Disabled,
		})
	}
	return out
}
