package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/imgaudit/imgaudit/pkg/diff/change"
	"github.com/imgaudit/imgaudit/pkg/diff/difftest"
)

// Values of variables in the test images; no report may show them.
const (
	oldToken = "tok-0ld-4f9a2c71e5"
	newToken = "tok-n3w-8b1d6e03f2"
)

// diffImages writes an old image and a new one that is 200,000 bytes
// bigger, with a different token, as a docker archive and an OCI layout.
func diffImages(t *testing.T) (oldRef, newRef string) {
	t.Helper()

	base := difftest.Layer(t, difftest.Sized("bin/tool", 100_000, 't'))
	oldApp := difftest.Layer(t, difftest.Sized("srv/app/server", 100_000, 'a'))
	newApp := difftest.Layer(t, difftest.Sized("srv/app/server", 300_000, 'b'))
	oldCfg := v1.Config{User: "1000", Env: []string{"API_TOKEN=" + oldToken}}
	newCfg := v1.Config{User: "1000", Env: []string{"API_TOKEN=" + newToken}}

	return difftest.DockerArchive(t, difftest.Image(t, oldCfg, base, oldApp)),
		difftest.OCIDir(t, difftest.Image(t, newCfg, base, newApp))
}

func TestDiffExitCodes(t *testing.T) {
	oldRef, newRef := diffImages(t)
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"no limit", []string{oldRef, newRef}, exitOK},
		{"within both limits", []string{"--max-growth", "1MB,100%", oldRef, newRef}, exitOK},
		{"past a size", []string{"--max-growth", "100KB", oldRef, newRef}, exitGate},
		{"past a percentage",
			[]string{"--max-growth", "1MB", "--max-growth", "10%", oldRef, newRef}, exitGate},
		{"shrinking passes", []string{"--max-growth", "0B,0%", newRef, oldRef}, exitOK},
		{"bad limit", []string{"--max-growth", "lots", oldRef, newRef}, exitError},
		{"bad format", []string{"--format", "yaml", oldRef, newRef}, exitError},
		{"bad top", []string{"--top", "0", oldRef, newRef}, exitError},
		{"one image", []string{oldRef}, exitError},
		{"missing image", []string{oldRef, "docker-archive:/nonexistent/image.tar"}, exitError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"diff", "--format", "json"}, tt.args...)
			stdout, stderr, code := run(t, args...)
			if code != tt.want {
				t.Fatalf("exit code = %d, want %d; stderr: %s", code, tt.want, stderr)
			}
			if code == exitError && stdout != "" {
				t.Errorf("stdout = %q, want nothing on an error", stdout)
			}
			if code != exitError && !json.Valid([]byte(stdout)) {
				t.Errorf("stdout is not JSON: %s", stdout)
			}
		})
	}
}

func TestDiffJSONContract(t *testing.T) {
	oldRef, newRef := diffImages(t)
	stdout, stderr, code := run(t, "diff", "--format", "json", "--max-growth", "100KB",
		oldRef, newRef)
	if code != exitGate {
		t.Fatalf("exit code = %d, want %d; stderr: %s", code, exitGate, stderr)
	}

	var rep struct {
		SchemaVersion int   `json:"schemaVersion"`
		SizeDelta     int64 `json:"sizeDelta"`
		Files         []struct {
			Path   string `json:"path"`
			Change string `json:"change"`
			Delta  int64  `json:"delta"`
		} `json:"files"`
		Gate struct {
			Exceeded []string `json:"exceeded"`
		} `json:"gate"`
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("stdout is not the JSON report: %v", err)
	}
	if rep.SchemaVersion != change.SchemaVersion || rep.SizeDelta < 200_000 {
		t.Errorf("schemaVersion %d, sizeDelta %d; want %d and at least the 200,000 bytes added",
			rep.SchemaVersion, rep.SizeDelta, change.SchemaVersion)
	}
	if len(rep.Files) != 1 || rep.Files[0].Path != "/srv/app/server" ||
		rep.Files[0].Change != "grown" || rep.Files[0].Delta != 200_000 {
		t.Errorf("files = %+v, want /srv/app/server grown by 200000", rep.Files)
	}
	if len(rep.Gate.Exceeded) != 1 {
		t.Errorf("gate = %+v, want the size limit exceeded", rep.Gate)
	}
}

func TestDiffFormatsMaskEnv(t *testing.T) {
	oldRef, newRef := diffImages(t)
	for _, format := range []string{"table", "json", "markdown"} {
		t.Run(format, func(t *testing.T) {
			stdout, stderr, code := run(t, "diff", "--format", format, oldRef, newRef)
			if code != exitOK {
				t.Fatalf("exit code = %d; stderr: %s", code, stderr)
			}
			for _, want := range []string{"API_TOKEN", "/srv/app/server"} {
				if !strings.Contains(stdout, want) {
					t.Errorf("the %s report lacks %q:\n%s", format, want, stdout)
				}
			}
			for _, secret := range []string{oldToken, newToken} {
				if strings.Contains(stdout+stderr, secret) {
					t.Errorf("the %s report shows the value %q", format, secret)
				}
			}
		})
	}
}

// TestDiffHonoursPolicy checks that the policy file's check settings apply
// to both sides, so a disabled check brings no new findings.
func TestDiffHonoursPolicy(t *testing.T) {
	base := difftest.Layer(t, difftest.Sized("bin/tool", 1_000, 't'))
	oldRef := difftest.DockerArchive(t, difftest.Image(t, v1.Config{User: "1000"}, base))
	newRef := difftest.OCIDir(t, difftest.Image(t,
		v1.Config{User: "1000", Env: []string{"API_TOKEN=" + newToken}}, base))
	policyFile := t.TempDir() + "/policy.yaml"
	if err := os.WriteFile(policyFile, []byte("checks:\n  secret-env:\n    disabled: true\n"),
		0o644); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name string
		args []string
		want bool
	}{
		{"without a policy", nil, true},
		{"with secret-env disabled", []string{"--config", policyFile}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append(append([]string{"diff", "--format", "json"}, tt.args...), oldRef, newRef)
			stdout, stderr, code := run(t, args...)
			if code != exitOK {
				t.Fatalf("exit code = %d; stderr: %s", code, stderr)
			}
			var rep change.Report
			if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
				t.Fatal(err)
			}
			got := false
			for _, f := range rep.NewFindings {
				got = got || f.Check == "secret-env"
			}
			if got != tt.want {
				t.Errorf("secret-env among the new findings = %v, want %v", got, tt.want)
			}
		})
	}
}
