package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/imgaudit/imgaudit/pkg/result"
)

// inTempDir moves the test into an empty folder and returns the demo
// image's absolute path.
func inTempDir(t *testing.T) string {
	t.Helper()
	abs, err := filepath.Abs(demo)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	return abs
}

func writeFile(t *testing.T, name, text string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// waiveHighs waives the demo's three high findings.
const waiveHighs = `ignore:
  - check: env-file
    path: /srv/app/*
    reason: placeholder values only
  - check: git-dir
    reason: the history is public anyway
  - check: user-root
    reason: the entrypoint drops privileges
    expires: 2999-12-31
`

func TestPolicyFile(t *testing.T) {
	image := inTempDir(t)
	writeFile(t, "other.yaml", "failOn: medium\n")
	writeFile(t, "bad.yaml", "checks:\n  healthcheck-missing:\n    severity: low\n  env-flie:\n"+
		"    disabled: true\n")

	tests := []struct {
		name   string
		policy string // the default file's text; "" for none
		args   []string
		want   int
		stderr string
	}{
		{"no policy file", "", nil, exitGate, ""},
		{"waivers take the highs out", waiveHighs, nil, exitOK, ""},
		{"waivers, fail-on medium from the flag", waiveHighs, []string{"--fail-on", "medium"},
			exitGate, ""},
		{"fail-on from the file", waiveHighs + "failOn: medium\n", nil, exitGate, ""},
		{"the flag beats the file", waiveHighs + "failOn: medium\n", []string{"--fail-on", "high"},
			exitOK, ""},
		{"--config names another file", waiveHighs, []string{"--config", "other.yaml"}, exitGate, ""},
		{"--config that is absent", "", []string{"--config", "absent.yaml"}, exitError,
			"absent.yaml"},
		{"a mistake names file and line", "", []string{"--config", "bad.yaml"}, exitError,
			`bad.yaml:4: unknown check "env-flie"`},
		{"a mistake in the default file", "failOn: sometimes\n", nil, exitError,
			".imgaudit.yaml:1: failOn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			os.Remove(".imgaudit.yaml")
			if tt.policy != "" {
				writeFile(t, ".imgaudit.yaml", tt.policy)
			}
			args := append([]string{"--format", "json"}, tt.args...)
			stdout, stderr, code := run(t, append(args, image)...)
			if code != tt.want {
				t.Errorf("exit code = %d, want %d; stderr: %s", code, tt.want, stderr)
			}
			if code == exitError {
				if stdout != "" {
					t.Errorf("stdout = %q, want nothing on an error", stdout)
				}
				// main prints the returned error; the command itself stays quiet.
				_, err := runErr(t, append(args, image)...)
				if err == nil || !strings.Contains(err.Error(), tt.stderr) ||
					strings.Contains(err.Error(), "\n") {
					t.Errorf("error = %v, want one line with %q", err, tt.stderr)
				}
			}
		})
	}
}

func TestWaivedStayInReport(t *testing.T) {
	image := inTempDir(t)
	writeFile(t, ".imgaudit.yaml", waiveHighs)

	stdout, stderr, code := run(t, "--format", "json", image)
	if code != exitOK {
		t.Fatalf("exit code = %d, want %d; stderr: %s", code, exitOK, stderr)
	}
	var res result.Result
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatal(err)
	}

	waived := map[string]string{}
	for _, f := range res.Findings {
		if f.Waiver != nil {
			waived[f.Check] = f.Waiver.Reason
		}
		if f.Blocking {
			t.Errorf("finding %s blocks though the gate passed", f.Check)
		}
	}
	if len(waived) != 3 || waived["env-file"] != "placeholder values only" {
		t.Errorf("waived = %v, want the three highs with their reasons", waived)
	}
	if g := res.Gate; g == nil || !g.Passed || g.Waived != 3 || g.FailOn != "high" {
		t.Errorf("gate = %+v, want passed at high with 3 waived", g)
	}
}

func TestExpiredWaiver(t *testing.T) {
	image := inTempDir(t)
	writeFile(t, ".imgaudit.yaml", "ignore:\n  - check: user-root\n    reason: legacy\n"+
		"    expires: 2020-01-31\n")

	stdout, _, code := run(t, "--format", "json", "--fail-on", "high", image)
	if code != exitGate {
		t.Errorf("exit code = %d, want %d: an expired waiver waives nothing", code, exitGate)
	}
	var res result.Result
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, n := range res.Notes {
		found = found || strings.Contains(n, "expired on 2020-01-31")
	}
	if !found {
		t.Errorf("notes = %q, want one saying the waiver expired", res.Notes)
	}
}

// runErr runs the command and returns stdout and the error main would print.
func runErr(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd := newRootCmd(&streams{Out: &out, ErrOut: &errOut})
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(context.Background())
	return out.String(), err
}

func TestBudgets(t *testing.T) {
	image := inTempDir(t)
	tests := []struct {
		name    string
		budgets string
		want    bool // size-budget fires
	}{
		{"image over", "  imageSize: 1MB\n", true},
		{"image under", "  imageSize: 1GiB\n", false},
		{"layer over", "  layerSize: 500KiB\n", true},
		{"wasted share over", "  wasted: 5%\n", true},
		{"wasted bytes under", "  wasted: 20MB\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			writeFile(t, ".imgaudit.yaml", waiveHighs+"budgets:\n"+tt.budgets)
			stdout, stderr, code := run(t, "--format", "json", image)

			var res result.Result
			if err := json.Unmarshal([]byte(stdout), &res); err != nil {
				t.Fatalf("exit code %d, stderr %s: %v", code, stderr, err)
			}
			fired := false
			for _, f := range res.Findings {
				fired = fired || f.Check == "size-budget"
			}
			if fired != tt.want || (code == exitGate) != tt.want {
				t.Errorf("size-budget fired %v, exit code %d; want fired %v", fired, code, tt.want)
			}
		})
	}
}
