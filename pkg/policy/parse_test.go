package policy

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/imgaudit/imgaudit/pkg/check"
	"github.com/imgaudit/imgaudit/pkg/result"
)

const example = `failOn: high                 # overridden by --fail-on
checks:
  healthcheck-missing:
    severity: low
  package-cache:
    disabled: true
ignore:
  - check: env-file
    path: /srv/app/.env
    reason: placeholder values only
    expires: 2027-03-31
  - check: user-root
    reason: the base image drops privileges itself
budgets:
  imageSize: 500MB
  layerSize: 200MiB
  wasted: 5%
`

func TestParseExample(t *testing.T) {
	p, err := Parse(".imgaudit.yaml", []byte(example))
	if err != nil {
		t.Fatal(err)
	}
	if p.FailOn != "high" {
		t.Errorf("FailOn = %q, want high", p.FailOn)
	}
	if r := p.Checks["healthcheck-missing"]; r.Severity != result.Low || r.Disabled {
		t.Errorf("healthcheck-missing = %+v, want severity low", r)
	}
	if r := p.Checks["package-cache"]; !r.Disabled || r.Severity != 0 {
		t.Errorf("package-cache = %+v, want disabled", r)
	}

	if len(p.Ignore) != 2 {
		t.Fatalf("Ignore = %+v, want 2 waivers", p.Ignore)
	}
	w := p.Ignore[0]
	wantExpiry := time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)
	if w.Check != "env-file" || w.Path != "/srv/app/.env" || w.Line != 8 ||
		w.Reason != "placeholder values only" || !w.Expires.Equal(wantExpiry) {
		t.Errorf("first waiver = %+v", w)
	}
	if w := p.Ignore[1]; w.Path != "" || !w.Expires.IsZero() || w.Line != 12 {
		t.Errorf("second waiver = %+v, want no path, no expiry, line 12", w)
	}

	want := check.Budgets{Image: 500_000_000, Layer: 200 << 20, WastedPercent: 5}
	if p.Budgets != want {
		t.Errorf("Budgets = %+v, want %+v", p.Budgets, want)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		line int
		msg  string
	}{
		{"unknown top key", "failOn: high\nfail-on: low\n", 2, `unknown key "fail-on"`},
		{"unknown check key", "checks:\n  env-flie:\n    disabled: true\n", 2,
			`unknown check "env-flie"`},
		{"unknown waiver check", "ignore:\n  - check: env-flie\n    reason: x\n", 2,
			`unknown check "env-flie"`},
		{"unknown rule key", "checks:\n  env-file:\n    level: low\n", 3, `unknown key "level"`},
		{"bad severity", "checks:\n  env-file:\n    severity: urgent\n", 3,
			`unknown severity "urgent"`},
		{"bad failOn", "failOn: sometimes\n", 1, `unknown severity "sometimes"`},
		{"disabled not a bool", "checks:\n  env-file:\n    disabled: yes please\n", 3,
			"must be true or false"},
		{"waiver without reason", "ignore:\n  - check: env-file\n    path: /a\n", 2,
			`ignore entry for "env-file" needs a reason`},
		{"waiver with blank reason", "ignore:\n  - check: env-file\n    reason: \" \"\n", 2,
			"needs a reason"},
		{"waiver without check", "ignore:\n  - reason: x\n", 2, "needs a check"},
		{"unknown waiver key", "ignore:\n  - check: env-file\n    reason: x\n    until: 2027-01-01\n",
			4, `unknown key "until"`},
		{"bad date", "ignore:\n  - check: env-file\n    reason: x\n    expires: 2027-13-01\n", 4,
			`bad date "2027-13-01"`},
		{"relative path", "ignore:\n  - check: env-file\n    reason: x\n    path: app/.env\n", 4,
			"must be absolute"},
		{"bad glob", "ignore:\n  - check: env-file\n    reason: x\n    path: /app/[\n", 4,
			"bad path pattern"},
		{"bad size", "budgets:\n  imageSize: 5 parsecs\n", 2, `bad size "5 parsecs"`},
		{"zero size", "budgets:\n  layerSize: 0\n", 2, "bad size"},
		{"bad percentage", "budgets:\n  wasted: 150%\n", 2, `bad percentage "150%"`},
		{"unknown budget", "budgets:\n  wastedPercent: 5\n", 2, `unknown key "wastedPercent"`},
		{"ignore not a list", "ignore:\n  check: env-file\n", 2, "must be a list"},
		{"key twice", "failOn: high\nfailOn: low\n", 2, `"failOn" is given twice (first at line 1)`},
		{"not yaml", "checks: [a\n", 1, "did not find expected"},
		{"top level list", "- a\n", 1, "must be a mapping"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("p.yaml", []byte(tt.yaml))
			var perr *Error
			if !errors.As(err, &perr) {
				t.Fatalf("err = %v, want an *Error", err)
			}
			if perr.File != "p.yaml" || perr.Line != tt.line || !strings.Contains(perr.Msg, tt.msg) {
				t.Errorf("err = %q, want p.yaml line %d with %q", err, tt.line, tt.msg)
			}
			if !strings.HasPrefix(err.Error(), "p.yaml:") || strings.Contains(err.Error(), "\n") {
				t.Errorf("err = %q, want one line starting with the file", err)
			}
		})
	}
}

func TestParseEmpty(t *testing.T) {
	for _, text := range []string{"", "# nothing yet\n", "checks:\nignore:\n"} {
		p, err := Parse("p.yaml", []byte(text))
		if err != nil {
			t.Errorf("%q: %v", text, err)
			continue
		}
		if len(p.Ignore) != 0 || len(p.Checks) != 0 || p.FailOn != "" {
			t.Errorf("%q: got %+v, want the empty policy", text, p)
		}
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)

	p, err := Load("")
	if err != nil || p.File != "" {
		t.Fatalf("Load without a default file = %+v, %v; want the empty policy", p, err)
	}
	if _, err := Load(filepath.Join(dir, "absent.yaml")); err == nil {
		t.Error("Load of a named file that is absent succeeded")
	}

	if err := os.WriteFile(DefaultFile, []byte("failOn: low\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if p, err := Load(""); err != nil || p.FailOn != "low" || p.File != DefaultFile {
		t.Errorf("Load of the default file = %+v, %v; want failOn low", p, err)
	}
}

func TestCheckOptions(t *testing.T) {
	p, err := Parse("p.yaml", []byte(example))
	if err != nil {
		t.Fatal(err)
	}
	opts := p.CheckOptions()
	if !opts.Disabled["package-cache"] || len(opts.Disabled) != 1 {
		t.Errorf("Disabled = %v, want package-cache only", opts.Disabled)
	}
	if opts.Severity["healthcheck-missing"] != result.Low || len(opts.Severity) != 1 {
		t.Errorf("Severity = %v, want healthcheck-missing low only", opts.Severity)
	}
	if opts.Budgets != p.Budgets || opts.Budgets.Image != 500_000_000 {
		t.Errorf("Budgets = %+v, want the policy's", opts.Budgets)
	}
}

func TestParseThreshold(t *testing.T) {
	tests := []struct {
		in   string
		want result.Severity
		ok   bool
	}{
		{"none", 0, true}, {"NONE", 0, true}, {"high", result.High, true},
		{"Info", result.Info, true}, {"", 0, false}, {"critical", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseThreshold(tt.in)
			if got != tt.want || (err == nil) != tt.ok {
				t.Errorf("ParseThreshold(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
			}
		})
	}
}
