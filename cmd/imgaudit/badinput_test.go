package main_test

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// badLimit bounds a run on a broken input: each is refused at once.
const badLimit = 30 * time.Second

// TestBadInputs runs the binary on every input scripts/mkbad writes and
// wants each refused with exit status 2 and one stderr line that says what
// is wrong and where, leaving no file behind.
func TestBadInputs(t *testing.T) {
	bin := buildTool(t, ".")
	mkbad := buildTool(t, "../../scripts/mkbad")
	dir := t.TempDir()
	if out, err := exec.Command(mkbad, dir).CombinedOutput(); err != nil {
		t.Fatalf("running mkbad: %v\n%s", err, out)
	}
	in := func(name string) string { return filepath.Join(dir, name) }

	tests := []struct {
		name string
		args []string
		want []string // every one must be in the stderr line
	}{
		{"truncated docker save", []string{in("truncated.tar")},
			[]string{"truncated.tar", "cut short", "layer0.tar.gz"}},
		{"corrupt gzip", []string{in("corrupt-gzip.tar")},
			[]string{"layer 0", "gzip", "checksum"}},
		{"manifest names a missing layer", []string{in("missing-layer.tar")},
			[]string{"layer 1", "gone/layer.tar", "not exist"}},
		{"config not JSON", []string{in("config-not-json.tar")},
			[]string{"config-not-json.tar", "parsing config", "config.json"}},
		{"content does not match the diff ID", []string{in("diffid-mismatch.tar")},
			[]string{"layer 1", "diff ID"}},
		{"blob does not match its digest", []string{in("digest-mismatch")},
			[]string{"layer 1", "blob has digest", "the image states"}},
		{"empty file", []string{in("empty.tar")}, []string{"empty.tar", "empty"}},
		{"random bytes", []string{in("random.bin")}, []string{"random.bin", "not a tar"}},
		{"zip file", []string{in("archive.zip")}, []string{"archive.zip", "zip"}},
		{"zip file as docker-archive", []string{"docker-archive:" + in("archive.zip")},
			[]string{"archive.zip", "not a tar"}},
		{"folder that is not a layout", []string{in("not-a-layout")},
			[]string{"not-a-layout", "oci-layout"}},
		{"folder that is not a layout, as oci-dir", []string{"oci-dir:" + in("not-a-layout")},
			[]string{"not-a-layout", "index.json"}},
		{"no image for the default platform", []string{in("other-platforms")},
			[]string{"linux/amd64", "other-platforms", "linux/arm64", "linux/s390x"}},
		{"no image for --platform", []string{"--platform", "linux/riscv64", in("other-platforms")},
			[]string{"linux/riscv64", "other-platforms", "linux/arm64", "linux/s390x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := runIsolated(t, badLimit, nil, bin, append([]string{"--format", "json"},
				tt.args...)...)
			if o.code != 2 {
				t.Errorf("exit status %d, want 2; stderr:\n%s", o.code, o.stderr)
			}
			if o.stdout != "" {
				t.Errorf("stdout holds %q, want nothing", o.stdout)
			}
			lines := o.stderrLines()
			if len(lines) != 1 {
				t.Fatalf("stderr has %d lines, want one:\n%s", len(lines), o.stderr)
			}
			if !strings.HasPrefix(lines[0], "imgaudit: ") {
				t.Errorf("stderr line %q does not start with imgaudit: ", lines[0])
			}
			for _, w := range tt.want {
				if !strings.Contains(lines[0], w) {
					t.Errorf("stderr line %q does not say %q", lines[0], w)
				}
			}
		})
	}
}
