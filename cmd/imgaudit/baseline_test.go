package main

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/imgaudit/imgaudit/pkg/policy"
	"github.com/imgaudit/imgaudit/pkg/result"
)

// recordBaseline runs imgaudit baseline on image and returns the file.
func recordBaseline(t *testing.T, image string, args ...string) policy.Baseline {
	t.Helper()
	stdout, stderr, code := run(t, append(append([]string{"baseline"}, args...), image)...)
	if code != exitOK {
		t.Fatalf("baseline: exit code %d; stderr: %s", code, stderr)
	}
	var b policy.Baseline
	if err := json.Unmarshal([]byte(stdout), &b); err != nil {
		t.Fatalf("baseline is not JSON: %v\n%s", err, stdout)
	}
	return b
}

func writeBaseline(t *testing.T, name string, b policy.Baseline) {
	t.Helper()
	data, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, name, string(data))
}

func TestBaselineCommand(t *testing.T) {
	image := inTempDir(t)
	b := recordBaseline(t, image)

	var ids []string
	for _, a := range b.Findings {
		ids = append(ids, a.ID)
		if a.Severity == 0 || a.Check == "" {
			t.Errorf("accepted finding %+v lacks a check or severity", a)
		}
	}
	for _, want := range []string{"env-file:/srv/app/.env", "git-dir:/srv/app/.git", "user-root"} {
		if !slices.Contains(ids, want) {
			t.Errorf("baseline lacks %q: %q", want, ids)
		}
	}
	if again := recordBaseline(t, image); !slices.Equal(again.Findings, b.Findings) {
		t.Error("two baselines of the same image differ")
	}

	// Waived findings are accepted by the policy, not by the baseline.
	writeFile(t, ".imgaudit.yaml", waiveHighs)
	for _, a := range recordBaseline(t, image).Findings {
		if a.Severity == result.High {
			t.Errorf("baseline records the waived finding %s", a.ID)
		}
	}
}

func TestBaselineGate(t *testing.T) {
	image := inTempDir(t)
	full := recordBaseline(t, image)
	writeBaseline(t, "full.json", full)

	partial := full
	partial.Findings = slices.DeleteFunc(slices.Clone(full.Findings), func(a policy.Accepted) bool {
		return a.Check == "env-file"
	})
	writeBaseline(t, "partial.json", partial)
	writeFile(t, "worse.yaml", "checks:\n  healthcheck-missing:\n    severity: high\n")
	writeFile(t, "broken.json", "{")

	tests := []struct {
		name    string
		args    []string
		want    int
		blocked []string // checks whose findings block
	}{
		{"nothing new", []string{"--baseline", "full.json"}, exitOK, nil},
		{"nothing new, even at info", []string{"--baseline", "full.json", "--fail-on", "info"},
			exitOK, nil},
		{"a new finding", []string{"--baseline", "partial.json"}, exitGate, []string{"env-file"}},
		{"a finding got worse", []string{"--baseline", "full.json", "--config", "worse.yaml"},
			exitGate, []string{"healthcheck-missing"}},
		{"absent baseline", []string{"--baseline", "absent.json"}, exitError, nil},
		{"broken baseline", []string{"--baseline", "broken.json"}, exitError, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"--format", "json"}, tt.args...)
			stdout, stderr, code := run(t, append(args, image)...)
			if code != tt.want {
				t.Fatalf("exit code = %d, want %d; stderr: %s", code, tt.want, stderr)
			}
			if code == exitError {
				return
			}

			var res result.Result
			if err := json.Unmarshal([]byte(stdout), &res); err != nil {
				t.Fatal(err)
			}
			var blocked []string
			for _, f := range res.Findings {
				if f.Baseline == "" {
					t.Errorf("finding %s has no baseline mark", f.Check)
				}
				if f.Blocking {
					blocked = append(blocked, f.Check)
				}
			}
			if !slices.Equal(blocked, tt.blocked) {
				t.Errorf("blocking = %q, want %q", blocked, tt.blocked)
			}
			if !strings.HasSuffix(res.Gate.Baseline, ".json") {
				t.Errorf("gate = %+v, want the baseline named", res.Gate)
			}
		})
	}
}

func TestBaselineOutputFile(t *testing.T) {
	image := inTempDir(t)
	stdout, stderr, code := run(t, "baseline", "--output", "b.json", image)
	if code != exitOK || stdout != "" {
		t.Fatalf("exit code %d, stdout %q; stderr: %s", code, stdout, stderr)
	}
	if _, err := policy.ReadBaseline("b.json"); err != nil {
		t.Errorf("the written baseline does not read back: %v", err)
	}
	if _, _, code := run(t, "baseline", "docker-archive:/nonexistent.tar"); code != exitError {
		t.Errorf("baseline of a missing image: exit code %d, want %d", code, exitError)
	}
	if _, err := os.Stat("b.json"); err != nil {
		t.Error(err)
	}
}
