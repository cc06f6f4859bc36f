package report

import (
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/imgaudit/imgaudit/pkg/result"
)

// hostile is text an image controls, written to break out of every format.
const hostile = `<script>alert(1)</script> | *x* [l](http://example.invalid) ]]> "q" & ` + "`b`"

// gated is a result after a policy and a gate ran over it: a blocking
// finding, one below the threshold, a waived one and one at a hostile path.
func gated() *result.Result {
	one, two := 1, 2
	return &result.Result{
		SchemaVersion: result.SchemaVersion,
		Image: result.Image{Source: "registry", Reference: "127.0.0.1:5000/app:1",
			Digest: "sha256:feed", ImageID: "sha256:abc", Platform: "linux/amd64",
			Size: 5 << 20, CompressedSize: 2 << 20, LayerCount: 3},
		Layers: []result.Layer{
			{Index: 0, Size: 3 << 20, CreatedBy: "ADD rootfs.tar /",
				Top: []result.PathSize{{Path: "/usr/lib/x86_64-linux-gnu", Size: 2 << 20},
					{Path: "/usr/bin/bash", Size: 1 << 20}}},
			{Index: 1, Size: 2 << 20, CreatedBy: "RUN apt-get update",
				Top: []result.PathSize{{Path: "/var/lib/apt/lists", Size: 2 << 20}}},
			{Index: 2, Size: 100, CreatedBy: "COPY . /srv/app " + hostile,
				Top: []result.PathSize{{Path: "/srv/app/" + hostile, Size: 100}}},
		},
		Findings: []result.Finding{
			{Check: "env-file", Severity: result.High, Path: "/srv/app/.env", Layer: &two,
				Message: "/srv/app/.env ships in the image", Blocking: true,
				Baseline: result.BaselineNew},
			{Check: "user-root", Severity: result.High, Message: "the container runs as root",
				Waiver: &result.Waiver{Reason: "drops privileges " + hostile, Expires: "2027-03-31",
					Source: ".imgaudit.yaml:9"}},
			{Check: "package-cache", Severity: result.Medium, Path: "/var/lib/apt/lists",
				Layer: &one, Message: "apt lists left", Baseline: result.BaselineKnown, Bytes: 2 << 20},
			{Check: "build-leftover", Severity: result.Low, Path: "/srv/app/" + hostile,
				Layer: &two, Message: "leftover " + hostile, Baseline: result.BaselineWorse},
		},
		WastedBytes: 1 << 20,
		Efficiency:  0.8,
		Notes:       []string{"the waiver of \"git-dir\" (.imgaudit.yaml:3) expired on 2020-01-01"},
		Gate: &result.Gate{FailOn: "high", Passed: false, Blocking: 1, Waived: 1,
			Baseline: "base.json"},
	}
}

// catalogue is a small set of rules: checks with findings, one without, and
// one the policy turned off.
func catalogue() []Rule {
	rule := func(id string, sev result.Severity) Rule {
		return Rule{ID: id, Severity: sev, Summary: id + " summary", Rationale: id + " why",
			Fix: id + " fix"}
	}
	off := rule("docs-bloat", result.Info)
	off.Disabled = true
	return []Rule{
		rule("user-root", result.High), rule("env-file", result.High),
		rule("package-cache", result.Medium), rule("build-leftover", result.Low),
		rule("sudo", result.Medium), off,
	}
}

// TestImports guards the architecture: renderers read result types and
// never reach the network, an image or the catalogue.
func TestImports(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to list dependencies with")
	}
	out, err := exec.Command(goBin, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("listing dependencies: %v", err)
	}

	// net/url and net/netip open nothing: text/template needs them to
	// escape URLs. The packages that do are banned outright.
	network := []string{"net", "net/http", "crypto/tls"}
	others := []string{"github.com/google/go-containerregistry",
		"github.com/imgaudit/imgaudit/layers", "github.com/imgaudit/imgaudit/pkg/check",
		"github.com/imgaudit/imgaudit/pkg/policy", "github.com/imgaudit/imgaudit/pkg/source"}
	for _, dep := range strings.Fields(string(out)) {
		if slices.Contains(network, dep) {
			t.Errorf("report depends on %s", dep)
		}
		for _, b := range others {
			if dep == b || strings.HasPrefix(dep, b+"/") {
				t.Errorf("report depends on %s", dep)
			}
		}
	}
}
