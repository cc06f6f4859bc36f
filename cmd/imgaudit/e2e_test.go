package main_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// e2eEnv is what scripts/testenv up started: an engine at DOCKER_HOST, a
// registry at IMGAUDIT_REGISTRY and the exported images in IMGAUDIT_E2E_DIR.
type e2eEnv struct {
	bin      string // the imgaudit binary under test
	registry string
	dir      string
}

// report holds the fields of the JSON report that the tests read.
type report struct {
	Image struct {
		Source    string `json:"source"`
		Reference string `json:"reference"`
		Digest    string `json:"digest"`
		ImageID   string `json:"imageID"`
	} `json:"image"`
	Findings []finding `json:"findings"`
	Layers   []struct {
		Digest string `json:"digest"`
		Size   int64  `json:"size"`
	} `json:"layers"`
	WastedBytes *int64   `json:"wastedBytes"`
	Efficiency  *float64 `json:"efficiency"`
}

type finding struct {
	Check    string `json:"check"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	Path     string `json:"path"`
	Layer    *int   `json:"layer"`
}

// key is what must agree between sources of the same image.
func (f finding) key() string {
	layer := "-"
	if f.Layer != nil {
		layer = strconv.Itoa(*f.Layer)
	}
	return f.Check + " " + f.Path + " @" + layer
}

// naiveChecks are the checks the naive image exists to trip.
var naiveChecks = []string{
	"user-root", "healthcheck-missing", "package-cache", "compiler", "env-file", "git-dir",
}

func TestEndToEnd(t *testing.T) {
	env := setupE2E(t)

	t.Run("naive", func(t *testing.T) {
		img := inspectImage(t, "imgaudit-test/naive:1")
		for src, r := range auditAllSources(t, env, "naive", img, 1) {
			checkNaive(t, src, r, img)
		}
	})

	t.Run("good", func(t *testing.T) {
		img := inspectImage(t, "imgaudit-test/good:1")
		for src, r := range auditAllSources(t, env, "good", img, 0, "--fail-on", "high") {
			for _, f := range r.Findings {
				if slices.Contains(naiveChecks, f.Check) {
					t.Errorf("%s: unexpected finding %s: %s", src, f.key(), f.Message)
				}
			}
		}
	})

	t.Run("fail-on none", func(t *testing.T) {
		tar := filepath.Join(env.dir, "naive.tar")
		run(t, env, 0, "--format", "json", "--fail-on", "none", tar)
	})

	t.Run("platform", func(t *testing.T) {
		layout := "oci-dir:" + filepath.Join(env.dir, "good-oci")
		run(t, env, 0, "--format", "json", "--platform", "linux/amd64", layout)
	})

	t.Run("wrong references", func(t *testing.T) {
		testWrongReferences(t, env)
	})
}

// setupE2E skips without IMGAUDIT_E2E, fails when the environment it
// promises is missing, and builds the binary into a temporary folder.
func setupE2E(t *testing.T) e2eEnv {
	t.Helper()
	if os.Getenv("IMGAUDIT_E2E") == "" {
		t.Skip("end-to-end tests need the test engine and registry: run `make test`, or " +
			"`make e2e-up`, source /tmp/imgaudit-e2e/env and set IMGAUDIT_E2E=1")
	}

	var missing []string
	for _, name := range []string{"DOCKER_HOST", "IMGAUDIT_REGISTRY", "IMGAUDIT_E2E_DIR"} {
		if os.Getenv(name) == "" {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		t.Fatalf("IMGAUDIT_E2E is set but %s is not: source the env file scripts/testenv wrote",
			strings.Join(missing, ", "))
	}

	bin := filepath.Join(t.TempDir(), "imgaudit")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("building imgaudit: %v\n%s", err, out)
	}
	return e2eEnv{
		bin:      bin,
		registry: os.Getenv("IMGAUDIT_REGISTRY"),
		dir:      os.Getenv("IMGAUDIT_E2E_DIR"),
	}
}

// auditAllSources audits imgaudit-test/NAME:1 from every kind of source,
// checks what every report must hold, and that all sources agree on the
// findings. It returns the reports by source name.
func auditAllSources(t *testing.T, env e2eEnv, name string, img engineImage, wantExit int,
	flags ...string) map[string]report {
	t.Helper()
	ref := "imgaudit-test/" + name + ":1"
	tar := filepath.Join(env.dir, name+".tar")
	sources := []struct{ name, arg, kind string }{
		{"docker", "docker:" + ref, "docker"},
		{"plain reference", ref, "docker"},
		{"docker-archive", "docker-archive:" + tar, "docker-archive"},
		{"plain tar path", tar, "docker-archive"},
		{"oci-dir", "oci-dir:" + filepath.Join(env.dir, name+"-oci"), "oci-dir"},
		{"oci-archive", "oci-archive:" + filepath.Join(env.dir, name+".oci.tar"), "oci-archive"},
		{"registry", "registry:" + env.registry + "/" + ref, "registry"},
	}

	reports := map[string]report{}
	var first string
	for _, src := range sources {
		args := append([]string{"--format", "json"}, flags...)
		stdout := run(t, env, wantExit, append(args, src.arg)...)

		var r report
		if err := json.Unmarshal(stdout, &r); err != nil {
			t.Errorf("%s: decoding the JSON report: %v", src.name, err)
			continue
		}
		checkReport(t, src.name, src.kind, r, len(img.RootFS.Layers))

		reports[src.name] = r
		if first == "" {
			first = src.name
			continue
		}
		if a, b := reports[first].Image.ImageID, r.Image.ImageID; a != b {
			t.Errorf("%s has image ID %s but %s has %s: a source changed the config", first, a,
				src.name, b)
		}
		if a, b := findingKeys(reports[first]), findingKeys(r); !slices.Equal(a, b) {
			t.Errorf("%s and %s disagree on the findings:\n%s:\n  %s\n%s:\n  %s", first, src.name,
				first, strings.Join(a, "\n  "), src.name, strings.Join(b, "\n  "))
		}
	}
	return reports
}

// checkReport checks what every report must hold, whatever the image.
func checkReport(t *testing.T, src, kind string, r report, layerCount int) {
	t.Helper()
	if r.Image.Source != kind {
		t.Errorf("%s: image.source = %q, want %q", src, r.Image.Source, kind)
	}
	if !strings.HasPrefix(r.Image.ImageID, "sha256:") {
		t.Errorf("%s: image.imageID = %q, want sha256:…", src, r.Image.ImageID)
	}
	// A docker save in the legacy format, which this engine writes, stores
	// no manifest and so has no manifest digest; every other source has one.
	if hasManifest := kind != "docker" && kind != "docker-archive"; hasManifest &&
		!strings.HasPrefix(r.Image.Digest, "sha256:") {
		t.Errorf("%s: image.digest = %q, want sha256:…", src, r.Image.Digest)
	}
	if len(r.Layers) != layerCount {
		t.Errorf("%s: %d layers, want %d as in the engine's RootFS.Layers",
			src, len(r.Layers), layerCount)
	}
	if r.WastedBytes == nil || r.Efficiency == nil {
		t.Errorf("%s: wastedBytes or efficiency missing", src)
	}
	for _, f := range r.Findings {
		if f.Layer != nil && (*f.Layer < 0 || *f.Layer >= len(r.Layers)) {
			t.Errorf("%s: finding %s names a layer outside the %d layers",
				src, f.key(), len(r.Layers))
		}
	}
}

// checkNaive checks one report of the naive image against what its
// Dockerfile put in, with the layers located by the engine's history.
func checkNaive(t *testing.T, src string, r report, img engineImage) {
	t.Helper()
	apt := img.layerOf(t, "apt-get install")
	copied := img.layerOf(t, "COPY ")
	wants := []struct {
		check string
		match func(finding) bool
	}{
		{"user-root", func(finding) bool { return true }},
		{"healthcheck-missing", func(finding) bool { return true }},
		{"package-cache", func(f finding) bool {
			return f.Path == "/var/lib/apt/lists" && layerIs(f, apt)
		}},
		{"compiler", func(f finding) bool {
			return strings.Contains(f.Path+" "+f.Message, "gcc") && layerIs(f, apt)
		}},
		{"env-file", func(f finding) bool { return f.Path == "/app/.env" && layerIs(f, copied) }},
		{"git-dir", func(f finding) bool { return f.Path == "/app/.git" && layerIs(f, copied) }},
	}

	for _, want := range wants {
		found := slices.ContainsFunc(r.Findings, func(f finding) bool {
			return f.Check == want.check && want.match(f)
		})
		if !found {
			t.Errorf("%s: no %s finding as expected (apt layer %d, COPY layer %d) among:\n  %s",
				src, want.check, apt, copied, strings.Join(findingKeys(r), "\n  "))
		}
	}
}

func layerIs(f finding, index int) bool { return f.Layer != nil && *f.Layer == index }

func findingKeys(r report) []string {
	keys := make([]string, 0, len(r.Findings))
	for _, f := range r.Findings {
		keys = append(keys, f.key())
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

func testWrongReferences(t *testing.T, env e2eEnv) {
	tests := []struct{ name, arg string }{
		{"absent daemon image", "docker:imgaudit-test/absent:1"},
		{"absent registry image", "registry:" + env.registry + "/imgaudit-test/absent:1"},
		{"absent file", "docker-archive:" + filepath.Join(env.dir, "absent.tar")},
		{"folder that is no layout", "oci-dir:" + t.TempDir()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(env.bin, "--format", "json", tt.arg)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err := cmd.Run()

			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != 2 {
				t.Fatalf("%q: got %v, want exit status 2; stderr:\n%s", tt.arg, err, &stderr)
			}
			lines := strings.Split(strings.TrimRight(stderr.String(), "\n"), "\n")
			if len(lines) != 1 || lines[0] == "" {
				t.Errorf("%q: stderr has %d lines, want one:\n%s", tt.arg, len(lines), &stderr)
			}
		})
	}
}

// run runs imgaudit with args, fails the test unless it exits with
// wantExit, and returns its stdout.
func run(t *testing.T, env e2eEnv, wantExit int, args ...string) []byte {
	t.Helper()
	stdout, _ := runIn(t, env, "", nil, wantExit, args...)
	return []byte(stdout)
}

// engineImage is what the engine says about a built image: its filesystem
// layers, and which layer each history step added.
type engineImage struct {
	RootFS struct {
		Layers []string `json:"Layers"`
	} `json:"RootFS"`
	steps map[string]int // CreatedBy of a step that added a layer, to its index
}

// layerOf returns the index of the layer added by the one step whose
// command contains text.
func (img engineImage) layerOf(t *testing.T, text string) int {
	t.Helper()
	index := -1
	for createdBy, i := range img.steps {
		if strings.Contains(createdBy, text) {
			if index >= 0 {
				t.Fatalf("more than one layer was added by a step containing %q", text)
			}
			index = i
		}
	}
	if index < 0 {
		t.Fatalf("no layer was added by a step containing %q", text)
	}
	return index
}

// inspectImage asks the engine about ref. Each history step of an image
// built here is an image of its own, so the step that grows RootFS.Layers
// is the step that added the last of them.
func inspectImage(t *testing.T, ref string) engineImage {
	t.Helper()
	var img engineImage
	out := docker(t, "image", "inspect", "--format", "{{json .}}", ref)
	if err := json.Unmarshal(out, &img); err != nil {
		t.Fatalf("decoding docker image inspect %s: %v", ref, err)
	}

	history := strings.Split(strings.TrimSpace(string(docker(t, "history", "--no-trunc",
		"--format", "{{.ID}}\t{{.CreatedBy}}", ref))), "\n")
	img.steps = map[string]int{}
	previous := 0
	for _, line := range slices.Backward(history) {
		id, createdBy, _ := strings.Cut(line, "\t")
		out := docker(t, "image", "inspect", "--format", "{{len .RootFS.Layers}}", id)
		n, err := strconv.Atoi(strings.TrimSpace(string(out)))
		if err != nil {
			t.Fatalf("counting the layers of step %s (%s): %v", id, createdBy, err)
		}
		if n > previous {
			img.steps[createdBy] = n - 1
		}
		previous = n
	}

	if previous != len(img.RootFS.Layers) || len(img.steps) != previous {
		t.Fatalf("history of %s accounts for %d layers, RootFS lists %d",
			ref, len(img.steps), len(img.RootFS.Layers))
	}
	return img
}

func docker(t *testing.T, args ...string) []byte {
	t.Helper()
	out, err := exec.Command("docker", args...).Output()
	if err != nil {
		var stderr []byte
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			stderr = exit.Stderr
		}
		t.Fatalf("docker %s: %v\n%s", strings.Join(args, " "), err, stderr)
	}
	return out
}
