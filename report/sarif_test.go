package report

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/imgaudit/imgaudit/pkg/result"
)

// compileSARIFSchema compiles the official SARIF 2.1.0 schema vendored in
// testdata, with format assertions on, so that a uri-reference is checked
// too.
func compileSARIFSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("testdata/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("reading the SARIF schema: %v", err)
	}

	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif-schema-2.1.0.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatalf("compiling the SARIF schema: %v", err)
	}
	return sch
}

func validateSARIF(t *testing.T, sch *jsonschema.Schema, data []byte) error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the log is not JSON: %v", err)
	}
	return sch.Validate(inst)
}

func TestSARIFSchema(t *testing.T) {
	sch := compileSARIFSchema(t)
	tests := []struct {
		name string
		res  *result.Result
	}{
		{"gated, waived and hostile", gated()},
		{"no findings", &result.Result{Image: result.Image{Reference: "app"}}},
		{"table sample", sample()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := SARIF(&buf, tt.res, catalogue()); err != nil {
				t.Fatal(err)
			}
			if err := validateSARIF(t, sch, buf.Bytes()); err != nil {
				t.Errorf("the log breaks the SARIF 2.1.0 schema: %v\n%s", err, &buf)
			}
		})
	}

	// The validator must be able to say no.
	bad := `{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}},
		"results": [{"message": {"text": "m"}, "level": "fatal"}]}]}`
	if err := validateSARIF(t, sch, []byte(bad)); err == nil {
		t.Error("a result with level fatal passed the schema")
	}
}

func TestSARIFContent(t *testing.T) {
	var buf bytes.Buffer
	rules := catalogue()
	if err := SARIF(&buf, gated(), rules); err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]

	if len(run.Tool.Driver.Rules) != len(rules) {
		t.Fatalf("%d rules, want the %d of the catalogue", len(run.Tool.Driver.Rules), len(rules))
	}
	for i, r := range run.Tool.Driver.Rules {
		if r.ID != rules[i].ID || !strings.Contains(r.Help.Text, rules[i].Fix) ||
			r.FullDescription.Text != rules[i].Rationale {
			t.Errorf("rule %d = %+v, want %s with its rationale and fix", i, r, rules[i].ID)
		}
	}
	if r := run.Tool.Driver.Rules[5]; r.DefaultConfig.Enabled {
		t.Errorf("rule %s is enabled though the policy turned it off", r.ID)
	}

	want := []struct {
		rule, level, uri, baseline string
		suppressed                 bool
	}{
		{"env-file", "error", "srv/app/.env", "new", false},
		{"user-root", "error", "", "", true},
		{"package-cache", "warning", "var/lib/apt/lists", "unchanged", false},
		{"build-leftover", "note", "srv/app/%3Cscript%3Ealert(1)%3C", "updated", false},
	}
	if len(run.Results) != len(want) {
		t.Fatalf("%d results, want %d", len(run.Results), len(want))
	}
	for i, w := range want {
		r := run.Results[i]
		if r.RuleID != w.rule || r.Level != w.level || r.BaselineState != w.baseline ||
			(len(r.Suppressions) > 0) != w.suppressed {
			t.Errorf("result %d = %s %s baseline %q suppressed %v; want %+v",
				i, r.RuleID, r.Level, r.BaselineState, len(r.Suppressions) > 0, w)
		}
		if r.RuleIndex == nil || rules[*r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %d: ruleIndex %v does not point at %s", i, r.RuleIndex, r.RuleID)
		}
		loc := r.Locations[0]
		switch {
		case w.uri == "" && loc.Physical != nil:
			t.Errorf("result %d: a config finding has a file location", i)
		case w.uri != "" && (loc.Physical == nil ||
			!strings.HasPrefix(loc.Physical.ArtifactLocation.URI, w.uri) ||
			loc.Physical.ArtifactLocation.URIBaseID != imageRoot):
			t.Errorf("result %d: location %+v, want %s under %s", i, loc.Physical, w.uri, imageRoot)
		}
	}
	if s := run.Results[1].Suppressions[0]; s.Status != "accepted" ||
		!strings.HasPrefix(s.Justification, "drops privileges") {
		t.Errorf("suppression = %+v, want accepted with the waiver's reason", s)
	}
	n := run.Invocations[0].Notifications
	if len(n) != 1 || !strings.Contains(n[0].Message.Text, "expired") {
		t.Errorf("notifications = %+v, want the note about the expired waiver", n)
	}
}

func TestRelativeURI(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/srv/app/.env", "srv/app/.env"},
		{"/a b/c", "a%20b/c"},
		{"/c:d/e", "c%3Ad/e"},
		{"/100%/x#y?z", "100%25/x%23y%3Fz"},
		{"/ünï", "%C3%BCn%C3%AF"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := relativeURI(tt.in); got != tt.want {
				t.Errorf("relativeURI(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
