package check_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/imgaudit/imgaudit/pkg/audit"
	"github.com/imgaudit/imgaudit/pkg/check"
	"github.com/imgaudit/imgaudit/pkg/result"
	"github.com/imgaudit/imgaudit/report"
)

// TestSecretsMaskedInEveryFormat audits an image with credentials in its
// ENV and build arguments, and renders the result in every format: the
// findings are there, the raw values are not.
func TestSecretsMaskedInEveryFormat(t *testing.T) {
	ctx := context.Background()
	res, err := audit.Image(ctx, check.SecretImage(t), audit.About{}, audit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, f := range res.Findings {
		count[f.Check]++
	}
	if count["secret-env"] != 4 || count["secret-build-arg"] != 2 {
		t.Errorf("secret-env %d, secret-build-arg %d; want 4 and 2: %v",
			count["secret-env"], count["secret-build-arg"], res.Findings)
	}
	for _, f := range res.Findings {
		if f.Check == "secret-build-arg" && (f.Layer == nil || *f.Layer == 0) {
			t.Errorf("build argument finding %q names layer %v, want the RUN's layer", f.Message, f.Layer)
		}
	}

	var rules []report.Rule
	for _, c := range check.All() {
		rules = append(rules, report.Rule{ID: c.ID, Severity: c.Severity, Summary: c.Summary,
			Rationale: c.Rationale, Fix: c.Fix})
	}
	formats := map[string]func(*bytes.Buffer, *result.Result) error{
		"table": func(b *bytes.Buffer, r *result.Result) error {
			return report.Table(b, r, report.TableOptions{})
		},
		"table for a terminal": func(b *bytes.Buffer, r *result.Result) error {
			return report.Table(b, r, report.TableOptions{Human: true, Color: true, Width: 300})
		},
		"json":     func(b *bytes.Buffer, r *result.Result) error { return report.JSON(b, r) },
		"markdown": func(b *bytes.Buffer, r *result.Result) error { return report.Markdown(b, r) },
		"html":     func(b *bytes.Buffer, r *result.Result) error { return report.HTML(b, r) },
		"sarif":    func(b *bytes.Buffer, r *result.Result) error { return report.SARIF(b, r, rules) },
		"junit":    func(b *bytes.Buffer, r *result.Result) error { return report.JUnit(b, r, rules) },
	}
	for name, render := range formats {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			if err := render(&out, res); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), "GITHUB") { // Markdown escapes the "_"
				t.Errorf("the %s report does not name the variable", name)
			}
			for _, v := range check.SecretValues {
				if strings.Contains(out.String(), v) {
					t.Errorf("the %s report shows %q", name, v)
				}
			}
		})
	}
}

// TestAuditWastedBytes checks the result's totals for an image that deletes
// a 40 MiB file and writes an 8 MiB file twice.
func TestAuditWastedBytes(t *testing.T) {
	ctx := context.Background()
	res, err := audit.Image(ctx, check.WastefulImage(t), audit.About{}, audit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	const mib = 1 << 20
	if res.WastedBytes != 48*mib {
		t.Errorf("WastedBytes = %d, want %d", res.WastedBytes, 48*mib)
	}
	if want := 8.0 / 56; res.Efficiency < want-1e-9 || res.Efficiency > want+1e-9 {
		t.Errorf("Efficiency = %v, want 8/56", res.Efficiency)
	}
}
