package diff

import (
	"encoding/json"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/imgaudit/imgaudit/pkg/diff/change"
	"github.com/imgaudit/imgaudit/pkg/diff/difftest"
	"github.com/imgaudit/imgaudit/pkg/result"
)

func TestFindingsNewAndFixed(t *testing.T) {
	passwd := "root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/:/bin/sh\n"
	base := difftest.Layer(t, f("etc/passwd", passwd))
	oldApp := difftest.Layer(t, f("srv/app/.env", "DB_PASSWORD=placeholder\n"),
		f("srv/app/run", "x"))
	newApp := difftest.Layer(t, f("srv/app/.git/HEAD", "ref: refs/heads/main\n"),
		f("srv/app/run", "x"))

	oldRef := difftest.OCIDir(t, difftest.Image(t, v1.Config{}, base, oldApp))
	newRef := difftest.OCIDir(t, difftest.Image(t, v1.Config{User: "app"}, base, newApp))
	rep := compareRefs(t, oldRef, newRef, Options{})

	has := func(fs []result.Finding, check, path string) bool {
		for _, f := range fs {
			if f.Check == check && f.Path == path {
				return true
			}
		}
		return false
	}
	tests := []struct {
		name   string
		list   []result.Finding
		check  string
		path   string
		listed bool
	}{
		{"git folder is new", rep.NewFindings, "git-dir", "/srv/app/.git", true},
		{".env is fixed", rep.FixedFindings, "env-file", "/srv/app/.env", true},
		{"root user is fixed", rep.FixedFindings, "user-root", "", true},
		{"missing health check is in both", rep.NewFindings, "healthcheck-missing", "", false},
		{"missing health check is not fixed", rep.FixedFindings, "healthcheck-missing", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if has(tt.list, tt.check, tt.path) != tt.listed {
				t.Errorf("%s at %q listed = %v, want %v; new %+v, fixed %+v", tt.check, tt.path,
					!tt.listed, tt.listed, rep.NewFindings, rep.FixedFindings)
			}
		})
	}
}

func TestFindingsPairByMessage(t *testing.T) {
	old := []result.Finding{
		{Check: "compiler", Message: "gcc"}, {Check: "compiler", Message: "headers"},
	}
	current := []result.Finding{{Check: "compiler", Message: "headers"}}

	added, fixed := findings(old, current)
	if len(added) != 0 || len(fixed) != 1 || fixed[0].Message != "gcc" {
		t.Errorf("added %+v, fixed %+v; want only the gcc finding fixed", added, fixed)
	}
}

func TestConfigChanges(t *testing.T) {
	const oldSecret, newSecret = "s3cr3t-old-value", "s3cr3t-new-value"
	layer := difftest.Layer(t, f("srv/app/run", "x"))
	oldCfg := v1.Config{
		User:         "1000",
		Entrypoint:   []string{"/srv/app/run"},
		Env:          []string{"API_TOKEN=" + oldSecret, "GONE=1", "SAME=1"},
		ExposedPorts: map[string]struct{}{"8080/tcp": {}},
		Labels:       map[string]string{"version": "1.0", "team": "web"},
	}
	newCfg := v1.Config{
		User:         "1001",
		Entrypoint:   []string{"/srv/app/run", "--serve"},
		Healthcheck:  &v1.HealthConfig{Test: []string{"CMD", "/srv/app/run", "health"}},
		Env:          []string{"API_TOKEN=" + newSecret, "SAME=1", "ADDED=" + newSecret},
		ExposedPorts: map[string]struct{}{"9090/tcp": {}},
		Labels:       map[string]string{"version": "1.1", "team": "web"},
	}
	rep := compareRefs(t, difftest.OCIDir(t, difftest.Image(t, oldCfg, layer)),
		difftest.OCIDir(t, difftest.Image(t, newCfg, layer)), Options{})

	want := []change.Config{
		{Field: "user", Change: change.Changed, Old: "1000", New: "1001"},
		{Field: "healthcheck", Change: change.Added, New: `["CMD","/srv/app/run","health"]`},
		{Field: "entrypoint", Change: change.Changed, Old: `["/srv/app/run"]`,
			New: `["/srv/app/run","--serve"]`},
		{Field: "env", Key: "ADDED", Change: change.Added},
		{Field: "env", Key: "API_TOKEN", Change: change.Changed},
		{Field: "env", Key: "GONE", Change: change.Removed},
		{Field: "port", Key: "8080/tcp", Change: change.Removed},
		{Field: "port", Key: "9090/tcp", Change: change.Added},
		{Field: "label", Key: "version", Change: change.Changed, Old: "1.0", New: "1.1"},
	}
	if len(rep.Config) != len(want) {
		t.Fatalf("config changes = %+v, want %+v", rep.Config, want)
	}
	for i := range want {
		if rep.Config[i] != want[i] {
			t.Errorf("change %d = %+v, want %+v", i, rep.Config[i], want[i])
		}
	}

	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{oldSecret, newSecret} {
		if strings.Contains(string(b), secret) {
			t.Errorf("the report holds the value %q of a variable", secret)
		}
	}
}
