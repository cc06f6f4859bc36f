package main_test

import (
	"encoding/json"
	"path/filepath"
	"testing"
)

// grownBytes is the size of the file testenv-images adds to good:1 to make
// good:2.
const grownBytes = 3_000_000

// diffReport holds the fields of the JSON comparison that the tests read.
type diffReport struct {
	SizeDelta       int64 `json:"sizeDelta"`
	LayerCountDelta int   `json:"layerCountDelta"`
	SharedBase      int   `json:"sharedBase"`
	Layers          []struct {
		Change string `json:"change"`
	} `json:"layers"`
	Files []struct {
		Path   string `json:"path"`
		Change string `json:"change"`
		Delta  int64  `json:"delta"`
	} `json:"files"`
	NewFindings   []finding `json:"newFindings"`
	FixedFindings []finding `json:"fixedFindings"`
}

// TestDiffEndToEnd compares two tags the engine built and the registry
// serves: good:2 is good:1 with one more layer that adds one file.
func TestDiffEndToEnd(t *testing.T) {
	env := setupE2E(t)
	old := "registry:" + env.registry + "/imgaudit-test/good:1"
	grown := "registry:" + env.registry + "/imgaudit-test/good:2"
	base := len(inspectImage(t, "imgaudit-test/good:1").RootFS.Layers)

	t.Run("report", func(t *testing.T) {
		r := compareJSON(t, env, old, grown)
		if r.SharedBase != base || r.LayerCountDelta != 1 || len(r.Layers) != base+1 {
			t.Errorf("shared base %d, layer count delta %d, %d layers; want %d, 1 and %d",
				r.SharedBase, r.LayerCountDelta, len(r.Layers), base, base+1)
		}
		if r.SizeDelta != grownBytes {
			t.Errorf("sizeDelta = %d, want the %d bytes added", r.SizeDelta, grownBytes)
		}
		if len(r.Files) != 1 || r.Files[0].Path != "/app/data.bin" ||
			r.Files[0].Change != "added" || r.Files[0].Delta != grownBytes {
			t.Errorf("files = %+v, want /app/data.bin added", r.Files)
		}
		if len(r.NewFindings)+len(r.FixedFindings) != 0 {
			t.Errorf("findings changed: new %+v, fixed %+v", r.NewFindings, r.FixedFindings)
		}
	})

	t.Run("gate", func(t *testing.T) {
		tests := []struct {
			name     string
			old, new string
			limit    string
			want     int
		}{
			{"growth past a size", old, grown, "1MB", 1},
			{"growth within a size", old, grown, "10MB", 0},
			{"growth past a percentage", old, grown, "1%", 1},
			{"shrinking passes", grown, old, "0B,0%", 0},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				run(t, env, tt.want, "diff", "--max-growth", tt.limit, tt.old, tt.new)
			})
		}
	})

	t.Run("registry against a docker save", func(t *testing.T) {
		tar := filepath.Join(env.dir, "good.tar")
		r := compareJSON(t, env, old, tar)
		if r.SizeDelta != 0 || len(r.Files) != 0 || r.SharedBase != base {
			t.Errorf("the same image from two sources: sizeDelta %d, files %+v, shared base %d",
				r.SizeDelta, r.Files, r.SharedBase)
		}
	})
}

// compareJSON runs imgaudit diff in JSON, wanting exit 0, and decodes the
// report.
func compareJSON(t *testing.T, env e2eEnv, oldRef, newRef string) diffReport {
	t.Helper()
	stdout := run(t, env, 0, "diff", "--format", "json", oldRef, newRef)
	var r diffReport
	if err := json.Unmarshal(stdout, &r); err != nil {
		t.Fatalf("decoding the JSON comparison: %v", err)
	}
	return r
}
