package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
)

func TestFormats(t *testing.T) {
	tests := []struct {
		format string
		want   string
	}{
		{"table", "Findings ("},
		{"json", `"schemaVersion": 1`},
		{"sarif", `"version": "2.1.0"`},
		{"junit", "<testsuites"},
		{"markdown", "imgaudit gate failed"},
		{"md", "imgaudit gate failed"},
		{"html", "<!DOCTYPE html>"},
		{"HTML", "<!DOCTYPE html>"},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			stdout, stderr, code := run(t, "--format", tt.format, demo)
			if code != exitGate {
				t.Errorf("exit code = %d, want %d; stderr: %s", code, exitGate, stderr)
			}
			if !strings.Contains(stdout, tt.want) {
				t.Errorf("%s report lacks %q", tt.format, tt.want)
			}
			// The demo's .env holds this value; no format may show it.
			if strings.Contains(stdout, "placeholder-not-real") {
				t.Errorf("%s report prints the .env file's value", tt.format)
			}
			if stderr != "" {
				t.Errorf("stderr = %q, want nothing without --output", stderr)
			}
		})
	}
}

func TestOutputFile(t *testing.T) {
	image := inTempDir(t)

	stdout, stderr, code := run(t, "--format", "sarif", "--output", "report.sarif", image)
	if code != exitGate {
		t.Fatalf("exit code = %d, want %d; stderr: %s", code, exitGate, stderr)
	}
	if stdout != "" {
		t.Errorf("stdout = %q, want nothing: the report went to the file", stdout)
	}
	if !strings.Contains(stderr, "report written to report.sarif") ||
		!strings.Contains(stderr, "gate failed at high: 3 blocking") ||
		strings.Count(stderr, "\n") != 1 {
		t.Errorf("stderr = %q, want one summary line", stderr)
	}
	data, err := os.ReadFile("report.sarif")
	if err != nil || !bytes.Contains(data, []byte(`"version": "2.1.0"`)) {
		t.Fatalf("report.sarif: %v, %.80q", err, data)
	}
	info, _ := os.Stat("report.sarif")
	if info.Mode().Perm() != 0o644 {
		t.Errorf("mode = %v, want 0644", info.Mode().Perm())
	}

	// A run that fails leaves the earlier report alone, and no temporary file.
	_, _, code = run(t, "--format", "sarif", "--output", "report.sarif",
		"docker-archive:/nonexistent.tar")
	if code != exitError {
		t.Errorf("exit code = %d, want %d", code, exitError)
	}
	if again, _ := os.ReadFile("report.sarif"); !bytes.Equal(again, data) {
		t.Error("a failed run changed the earlier report")
	}
	assertOnly(t, ".", "report.sarif")

	if _, _, code := run(t, "--output", "missing-dir/r.txt", image); code != exitError {
		t.Errorf("writing into a missing folder: exit code %d, want %d", code, exitError)
	}
}

func TestWriteReportFailure(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "r.json", "earlier")
	boom := errors.New("boom")

	err := writeReport(&streams{}, "r.json", func(w io.Writer) error {
		io.WriteString(w, "half a rep")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("err = %v, want the renderer's error", err)
	}
	if data, _ := os.ReadFile("r.json"); string(data) != "earlier" {
		t.Errorf("r.json = %q, want the earlier report untouched", data)
	}
	assertOnly(t, ".", "r.json")
}

// assertOnly fails unless dir holds exactly the named files.
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, " ") != strings.Join(names, " ") {
		t.Errorf("%s holds %q, want only %q", dir, got, names)
	}
}
