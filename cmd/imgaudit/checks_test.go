package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/imgaudit/imgaudit/pkg/check"
)

func TestChecksLists(t *testing.T) {
	stdout, stderr, code := run(t, "checks")
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	lines := strings.Split(strings.TrimRight(stdout, "\n"), "\n")
	if len(lines) != len(check.All())+1 || !strings.HasPrefix(lines[0], "ID") {
		t.Fatalf("want a header and one line a check, got:\n%s", stdout)
	}
	for i, c := range check.All() {
		fields := strings.Fields(lines[i+1])
		if len(fields) < 3 || fields[0] != c.ID || fields[1] != c.Severity.String() ||
			!strings.HasSuffix(lines[i+1], c.Summary) {
			t.Errorf("line %q, want %s, %s and its summary", lines[i+1], c.ID, c.Severity)
		}
	}
	if strings.Contains(stdout, "\x1b[") {
		t.Error("the list has colour codes in a pipe")
	}
}

func TestExplain(t *testing.T) {
	for _, c := range check.All() {
		t.Run(c.ID, func(t *testing.T) {
			stdout, _, code := run(t, "explain", c.ID)
			if code != exitOK {
				t.Fatalf("exit %d", code)
			}
			flat := strings.Join(strings.Fields(stdout), " ")
			for _, part := range []string{c.ID, c.Severity.String(), c.Summary, c.Rationale, c.Fix} {
				if !strings.Contains(flat, part) {
					t.Errorf("explanation lacks %q:\n%s", part, stdout)
				}
			}
			for _, line := range strings.Split(stdout, "\n") {
				if len(line) > explainWidth && strings.Contains(line, " ") {
					t.Errorf("line wider than %d columns: %q", explainWidth, line)
				}
			}
		})
	}
}

func TestExplainUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // in the one line main prints
	}{
		{"unknown ID", []string{"explain", "no-such-check"}, `unknown check "no-such-check"`},
		{"near miss", []string{"explain", "secret"}, "did you mean secret-env"},
		{"no ID", []string{"explain"}, "accepts 1 arg"},
		{"two IDs", []string{"explain", "user-root", "sudo"}, "accepts 1 arg"},
		{"checks takes no argument", []string{"checks", "user-root"}, "unknown command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			cmd := newRootCmd(&streams{Out: &out, ErrOut: &errOut})
			cmd.SetArgs(tt.args)
			ctx := context.Background()
			err := cmd.ExecuteContext(ctx)
			if code := exitCode(ctx, err); code != exitError {
				t.Errorf("exit %d, want %d", code, exitError)
			}
			if msg := oneLine(err); !strings.Contains(msg, tt.want) {
				t.Errorf("error %q does not say %q", msg, tt.want)
			}
			if out.Len() > 0 {
				t.Errorf("stdout %q, want nothing on an error", out.String())
			}
		})
	}
}
