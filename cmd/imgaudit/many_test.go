package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// jsonLines reads a JSON Lines report: each line's reference, and whether
// it carries a result or an error.
func jsonLines(t *testing.T, stdout string) (refs []string, audited []bool) {
	t.Helper()
	for _, line := range strings.Split(strings.TrimSuffix(stdout, "\n"), "\n") {
		if line == "" {
			continue
		}
		var l struct {
			Reference string          `json:"reference"`
			Result    json.RawMessage `json:"result"`
			Error     string          `json:"error"`
		}
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			t.Fatalf("line %q is not JSON: %v", line, err)
		}
		if (l.Result == nil) == (l.Error == "") {
			t.Errorf("line for %q has %d bytes of result and error %q; want one of them",
				l.Reference, len(l.Result), l.Error)
		}
		refs = append(refs, l.Reference)
		audited = append(audited, l.Result != nil)
	}
	return refs, audited
}

func TestManyImages(t *testing.T) {
	absent := filepath.Join(t.TempDir(), "absent.tar")
	list := filepath.Join(t.TempDir(), "images.txt")
	body := "# the demo, three times\n" + demo + "\n\n" + demo + "\n  " + demo + "  \n"
	if err := os.WriteFile(list, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		args    []string
		refs    []string
		audited []bool
		code    int
	}{
		{"two arguments", []string{"--format", "jsonl", "--fail-on", "none", demo, demo},
			[]string{demo, demo}, []bool{true, true}, exitOK},
		{"one argument in JSON Lines", []string{"--format", "jsonl", demo},
			[]string{demo}, []bool{true}, exitGate},
		{"one absent", []string{"--format", "jsonl", "--fail-on", "none", absent, demo},
			[]string{absent, demo}, []bool{false, true}, exitError},
		{"from a file", []string{"--format", "jsonl", "--fail-on", "none", "--from-file", list},
			[]string{demo, demo, demo}, []bool{true, true, true}, exitOK},
		{"arguments before the file, sharded", []string{"--format", "jsonl", "--fail-on", "none",
			"--from-file", list, "--shard", "1/2", absent}, []string{demo, demo},
			[]bool{true, true}, exitOK},
		{"a shard with nothing", []string{"--format", "jsonl", "--shard", "3/4", demo},
			nil, nil, exitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := run(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit code = %d, want %d; stderr: %s", code, tt.code, stderr)
			}
			refs, audited := jsonLines(t, stdout)
			if strings.Join(refs, " ") != strings.Join(tt.refs, " ") ||
				len(audited) != len(tt.audited) {
				t.Fatalf("lines for %q, want %q", refs, tt.refs)
			}
			for i := range audited {
				if audited[i] != tt.audited[i] {
					t.Errorf("line %d audited = %t, want %t", i, audited[i], tt.audited[i])
				}
			}
		})
	}
}

func TestManyImagesRefused(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"shard out of range", []string{"--shard", "2/2", demo}, "--shard"},
		{"shard not a fraction", []string{"--shard", "half", demo}, "--shard"},
		{"format for one report", []string{"--format", "sarif", demo, demo}, "several images"},
		{"baseline", []string{"--baseline", "b.json", demo, demo}, "--baseline"},
		{"no image", []string{"--format", "jsonl"}, "no image"},
		{"missing list", []string{"--from-file", "absent.txt"}, "image list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			cmd := newRootCmd(&streams{Out: &out, ErrOut: &errOut})
			cmd.SetArgs(tt.args)
			err := cmd.ExecuteContext(context.Background())
			if code := exitCode(context.Background(), err); code != exitError || out.Len() != 0 {
				t.Errorf("exit code %d, stdout %q; want %d and nothing", code, out.String(), exitError)
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one that says %q", err, tt.want)
			}
		})
	}
}
