package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/imgaudit/imgaudit/pkg/result"
)

// SARIF log types: the subset of SARIF 2.1.0 that imgaudit writes.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool             sarifTool                   `json:"tool"`
		Invocations      []sarifInvocation           `json:"invocations"`
		OriginalURIBases map[string]sarifArtifactLoc `json:"originalUriBaseIds"`
		Results          []sarifResult               `json:"results"`
		Properties       map[string]any              `json:"properties,omitempty"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		InformationURI string      `json:"informationUri,omitempty"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID               string         `json:"id"`
		ShortDescription sarifText      `json:"shortDescription"`
		FullDescription  sarifText      `json:"fullDescription"`
		Help             sarifHelp      `json:"help"`
		DefaultConfig    sarifConfig    `json:"defaultConfiguration"`
		Properties       map[string]any `json:"properties,omitempty"`
	}
	sarifText struct {
		Text string `json:"text"`
	}
	sarifHelp struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown,omitempty"`
	}
	sarifConfig struct {
		Enabled bool   `json:"enabled"`
		Level   string `json:"level"`
	}
	sarifInvocation struct {
		ExecutionSuccessful bool                `json:"executionSuccessful"`
		Notifications       []sarifNotification `json:"toolExecutionNotifications,omitempty"`
	}
	sarifNotification struct {
		Level   string    `json:"level"`
		Message sarifText `json:"message"`
	}
	sarifResult struct {
		RuleID        string             `json:"ruleId"`
		RuleIndex     *int               `json:"ruleIndex,omitempty"`
		Level         string             `json:"level"`
		Message       sarifText          `json:"message"`
		Locations     []sarifLocation    `json:"locations,omitempty"`
		Fingerprints  map[string]string  `json:"partialFingerprints"`
		BaselineState string             `json:"baselineState,omitempty"`
		Suppressions  []sarifSuppression `json:"suppressions,omitempty"`
		Properties    map[string]any     `json:"properties,omitempty"`
	}
	sarifLocation struct {
		Physical *sarifPhysical `json:"physicalLocation,omitempty"`
		Logical  []sarifLogical `json:"logicalLocations,omitempty"`
		Message  *sarifText     `json:"message,omitempty"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
	}
	sarifArtifactLoc struct {
		URI         string     `json:"uri"`
		URIBaseID   string     `json:"uriBaseId,omitempty"`
		Description *sarifText `json:"description,omitempty"`
	}
	sarifLogical struct {
		Name string `json:"name"`
		Kind string `json:"kind"`
	}
	sarifSuppression struct {
		Kind          string `json:"kind"`
		Status        string `json:"status"`
		Justification string `json:"justification"`
	}
)

const (
	sarifSchema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/" +
		"sarif-schema-2.1.0.json"
	// imageRoot is the base that result paths are relative to.
	imageRoot = "IMAGEROOT"
)

// sarifLevels maps severities onto SARIF's levels.
var sarifLevels = map[result.Severity]string{
	result.High: "error", result.Medium: "warning", result.Low: "note", result.Info: "note",
}

// securitySeverity is the score code-scanning services sort security
// results by, from 0 to 10.
var securitySeverity = map[result.Severity]string{
	result.High: "8.0", result.Medium: "5.5", result.Low: "3.0", result.Info: "0.0",
}

// sarifBaseline maps how a finding compares with a baseline onto SARIF's
// baselineState.
var sarifBaseline = map[string]string{
	result.BaselineNew: "new", result.BaselineWorse: "updated", result.BaselineKnown: "unchanged",
}

// SARIF writes the result as a SARIF 2.1.0 log with one run. rules become
// the tool's rules, with help text; each finding becomes a result whose
// location is its path, relative to the image's root (the IMAGEROOT base).
// Waived findings carry an accepted suppression with the waiver's reason.
func SARIF(w io.Writer, res *result.Result, rules []Rule) error {
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           "imgaudit",
			InformationURI: "https://github.com/imgaudit/imgaudit",
			Rules:          make([]sarifRule, 0, len(rules)),
		}},
		Invocations: []sarifInvocation{{ExecutionSuccessful: true}},
		OriginalURIBases: map[string]sarifArtifactLoc{imageRoot: {
			URI:         "file:///",
			Description: &sarifText{Text: "the root of the image's filesystem"},
		}},
		Results:    make([]sarifResult, 0, len(res.Findings)),
		Properties: sarifRunProperties(res),
	}

	index := map[string]int{}
	for i, r := range rules {
		index[r.ID] = i
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleOf(r))
	}
	for _, n := range res.Notes {
		run.Invocations[0].Notifications = append(run.Invocations[0].Notifications,
			sarifNotification{Level: "warning", Message: sarifText{Text: n}})
	}
	for _, f := range res.Findings {
		run.Results = append(run.Results, sarifResultOf(f, index))
	}

	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}})
}

func sarifRuleOf(r Rule) sarifRule {
	return sarifRule{
		ID:               r.ID,
		ShortDescription: sarifText{Text: r.Summary},
		FullDescription:  sarifText{Text: r.Rationale},
		Help: sarifHelp{
			Text:     r.Rationale + "\n\nFix: " + r.Fix,
			Markdown: r.Rationale + "\n\n**Fix:** " + r.Fix,
		},
		DefaultConfig: sarifConfig{Enabled: !r.Disabled, Level: sarifLevels[r.Severity]},
		Properties: map[string]any{
			"tags":              []string{"container", "security"},
			"security-severity": securitySeverity[r.Severity],
			"severity":          r.Severity.String(),
		},
	}
}

func sarifResultOf(f result.Finding, index map[string]int) sarifResult {
	out := sarifResult{
		RuleID:        f.Check,
		Level:         sarifLevels[f.Severity],
		Message:       sarifText{Text: f.Message},
		Fingerprints:  map[string]string{"imgauditIdentity/v1": f.Identity()},
		BaselineState: sarifBaseline[f.Baseline],
		Properties:    map[string]any{"severity": f.Severity.String(), "blocking": f.Blocking},
	}
	if i, ok := index[f.Check]; ok {
		out.RuleIndex = &i
	}

	if f.Path != "" {
		loc := sarifLocation{Physical: &sarifPhysical{ArtifactLocation: sarifArtifactLoc{
			URI: relativeURI(f.Path), URIBaseID: imageRoot,
		}}}
		if f.Layer != nil {
			loc.Message = &sarifText{Text: layerNote(f)}
		}
		out.Locations = []sarifLocation{loc}
	} else {
		out.Locations = []sarifLocation{{Logical: []sarifLogical{{Name: "config", Kind: "object"}}}}
	}
	if f.Layer != nil {
		out.Properties["layer"] = *f.Layer
	}
	if f.Bytes > 0 {
		out.Properties["bytes"] = f.Bytes
	}
	if f.Waiver != nil {
		out.Suppressions = []sarifSuppression{{
			Kind: "external", Status: "accepted", Justification: f.Waiver.Reason,
		}}
	}
	return out
}

func sarifRunProperties(res *result.Result) map[string]any {
	props := map[string]any{
		"image": map[string]any{
			"source": res.Image.Source, "reference": res.Image.Reference,
			"digest": res.Image.Digest, "platform": res.Image.Platform,
		},
	}
	if res.Gate != nil {
		props["gate"] = res.Gate
	}
	return props
}

// relativeURI turns an absolute path in the image into a relative URI
// reference, each segment percent-encoded. A colon is encoded too, lest the
// first segment read as a scheme.
func relativeURI(p string) string {
	var b strings.Builder
	for _, c := range []byte(strings.TrimPrefix(p, "/")) {
		if c == '/' || uriKeeps(c) {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// uriKeeps reports whether a path segment may hold c as it is: RFC 3986's
// unreserved characters and sub-delimiters, and "@".
func uriKeeps(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		strings.IndexByte("-._~!$&'()*+,;=@", c) >= 0
}

// layerNote says which layer put a finding's path there.
func layerNote(f result.Finding) string {
	s := "added by layer " + strconv.Itoa(*f.Layer)
	if f.CreatedBy != "" {
		s += ": " + createdBy(f.CreatedBy)
	}
	return s
}
