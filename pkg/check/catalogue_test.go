package check

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/imgaudit/imgaudit/pkg/result"
)

func TestCatalogueEntriesComplete(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range All() {
		if c.ID == "" || c.Summary == "" || c.Rationale == "" || c.Fix == "" || c.run == nil {
			t.Errorf("%q is incomplete: %+v", c.ID, c)
		}
		if c.Severity < result.Info || c.Severity > result.High {
			t.Errorf("%s: severity %v is not one of info, low, medium, high", c.ID, c.Severity)
		}
		if seen[c.ID] {
			t.Errorf("%s is listed twice", c.ID)
		}
		seen[c.ID] = true
		if got, ok := Lookup(c.ID); !ok || got != c {
			t.Errorf("Lookup(%q) does not find it", c.ID)
		}
	}
	if _, ok := Lookup("no-such-check"); ok {
		t.Error("Lookup finds an unknown ID")
	}
}

// contractRow is one row of a table of CHECKS.md: | `id` | sev | … |.
var contractRow = regexp.MustCompile("(?m)^\\| `([a-z0-9-]+)` \\| (high|medium|low|info) \\|")

// TestCatalogueMatchesContract compares the catalogue with the check
// tables of the shared CHECKS.md: the same IDs, in the same order, at the
// same default severities.
func TestCatalogueMatchesContract(t *testing.T) {
	name := filepath.Join("..", "..", "..", "shared", "CHECKS.md")
	doc, err := os.ReadFile(name)
	if err != nil {
		t.Skipf("the check contract is not at %s: %v", name, err)
	}
	var want, got []string
	for _, m := range contractRow.FindAllStringSubmatch(string(doc), -1) {
		want = append(want, m[1]+" "+m[2])
	}
	for _, c := range All() {
		got = append(got, c.ID+" "+c.Severity.String())
	}
	if len(want) == 0 {
		t.Fatalf("no check rows found in %s", name)
	}
	if !slices.Equal(got, want) {
		t.Errorf("catalogue:\n  %s\nCHECKS.md:\n  %s",
			strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func TestOptionDefaults(t *testing.T) {
	got := Options{}.withDefaults()
	want := Options{WastedBytes: 10 << 20, WastedPercent: 10, WastedPaths: 5, DocsBytes: 10 << 20}
	if !optionsEqual(got, want) {
		t.Errorf("defaults = %+v, want %+v", got, want)
	}

	set := Options{WastedBytes: 1, WastedPercent: -1, WastedPaths: 2, DocsBytes: -1,
		Budgets: Budgets{Image: 3}}
	if got := set.withDefaults(); !optionsEqual(got, set) {
		t.Errorf("withDefaults changed values set by the caller: %+v, want %+v", got, set)
	}
}

func optionsEqual(a, b Options) bool {
	return a.WastedBytes == b.WastedBytes && a.WastedPercent == b.WastedPercent &&
		a.WastedPaths == b.WastedPaths && a.DocsBytes == b.DocsBytes && a.Budgets == b.Budgets
}

// advice matches the words a finding's message uses to say what to do.
var advice = regexp.MustCompile(`\b(add|remove|delete|use|pass|switch|create|build|` +
	`listen|deploy|check|rotate|keep|split|raise|exec|copy|mount|set|run)\b`)

// TestEveryCheckFiresAndSaysWhatToDo builds two images that trip every
// check of the catalogue between them, and checks the shape of every
// finding: a valid severity, advice, and the layer and its command where a
// path or a layer applies.
func TestEveryCheckFiresAndSaysWhatToDo(t *testing.T) {
	opts := Options{WastedBytes: 1, DocsBytes: 1, Budgets: Budgets{Image: 1}}
	fired := map[string]bool{}
	for _, img := range []v1.Image{rootImage(t), userImage(t)} {
		in, fs := audit(t, img, opts)
		in.Tag = "latest"
		fs = Run(in, opts)

		for _, f := range fs {
			fired[f.Check] = true
			if f.Severity < result.Info || f.Severity > result.High {
				t.Errorf("%s: severity %v", f.Check, f.Severity)
			}
			if !advice.MatchString(f.Message) {
				t.Errorf("%s: message %q does not say what to do", f.Check, f.Message)
			}
			if f.Path != "" && f.Layer == nil {
				t.Errorf("%s at %s names no layer", f.Check, f.Path)
			}
			if f.Layer == nil {
				continue
			}
			if *f.Layer < 0 || *f.Layer >= len(in.Index.Layers) {
				t.Errorf("%s: layer %d out of range", f.Check, *f.Layer)
			} else if want := MaskHistory(in.Index.Layers[*f.Layer].CreatedBy); f.CreatedBy != want {
				t.Errorf("%s: created by %q, want layer %d's %q", f.Check, f.CreatedBy, *f.Layer, want)
			}
		}
	}
	for _, c := range All() {
		if !fired[c.ID] {
			t.Errorf("%s never fired", c.ID)
		}
	}
}

// rootImage runs as root and ships one of everything the filesystem
// checks look for.
func rootImage(t *testing.T) v1.Image {
	cfg := v1.Config{Env: []string{"API_TOKEN=fakefakefake"}}
	return build(t, cfg, []lay{
		step("ADD rootfs /", file("etc/passwd", passwd), withMode(exe("usr/bin/passwd", "ELF"), 0o4755),
			exe("usr/bin/sudo", "ELF"), exe("usr/sbin/sshd", "ELF"), exe("usr/bin/gcc", "ELF"),
			file("usr/share/doc/x/README", "docs")),
		step("|1 NPM_TOKEN=npm_fakefake /bin/sh -c apt-get update",
			file("var/lib/apt/lists/x_Packages", "p")),
		step("COPY . /app", file("app/.env", "A=1"), dir("app/.git"), file("app/.git/HEAD", "ref"),
			file("app/id.txt", pemKey), file("app/tests/a_test.py", "assert 1"),
			withMode(dir("app/data"), 0o777), file("app/.env.local", "B=2")),
		step("RUN rm /app/.env.local", whiteout("app/.env.local")),
	}, nil)
}

// userImage names a user its passwd lacks and a shell-form command.
func userImage(t *testing.T) v1.Image {
	cfg := v1.Config{User: "ghost", Cmd: []string{"/bin/sh", "-c", "app --serve"},
		ExposedPorts: map[string]struct{}{"80/tcp": {}}}
	return build(t, cfg, []lay{step("ADD rootfs /", file("etc/passwd", passwd))}, nil)
}
