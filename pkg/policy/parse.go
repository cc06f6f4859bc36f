package policy

import (
	"path"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/imgaudit/imgaudit/pkg/check"
	"github.com/imgaudit/imgaudit/pkg/result"
)

// Parse reads a policy from data; file names it in errors. Every mistake is
// an *Error that names the line: an unknown key or check, a bad severity,
// size or date, a waiver without a reason.
func Parse(file string, data []byte) (*Policy, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlError(file, err)
	}
	p := &Policy{File: file, Checks: map[string]Rule{}}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return p, nil // an empty file is the empty policy
	}

	d := nodes{file: file}
	top, err := d.fields(doc.Content[0], "the policy", "failOn", "checks", "ignore", "budgets")
	if err != nil {
		return nil, err
	}
	if n, ok := top["failOn"]; ok {
		if p.FailOn, err = d.threshold(n); err != nil {
			return nil, err
		}
	}
	if n, ok := top["checks"]; ok {
		if p.Checks, err = d.checks(n); err != nil {
			return nil, err
		}
	}
	if n, ok := top["ignore"]; ok {
		if p.Ignore, err = d.ignore(n); err != nil {
			return nil, err
		}
	}
	if n, ok := top["budgets"]; ok {
		if p.Budgets, err = d.budgets(n); err != nil {
			return nil, err
		}
	}
	return p, nil
}

func (d nodes) threshold(n *yaml.Node) (string, error) {
	s, err := d.str(n, "failOn")
	if err != nil {
		return "", err
	}
	if _, err := ParseThreshold(s); err != nil {
		return "", d.errorf(n, "failOn: %v, or none", err)
	}
	return strings.ToLower(s), nil
}

// checkID reads a check ID and refuses one the catalogue lacks.
func (d nodes) checkID(n *yaml.Node) (string, error) {
	id, err := d.str(n, "a check ID")
	if err != nil {
		return "", err
	}
	if _, ok := check.Lookup(id); !ok {
		return "", d.errorf(n, "unknown check %q", id)
	}
	return id, nil
}

func (d nodes) checks(n *yaml.Node) (map[string]Rule, error) {
	ps, err := d.pairs(n, "checks")
	if err != nil {
		return nil, err
	}

	out := make(map[string]Rule, len(ps))
	for _, p := range ps {
		id, err := d.checkID(p.key)
		if err != nil {
			return nil, err
		}
		what := "checks." + id
		fs, err := d.fields(p.value, what, "severity", "disabled")
		if err != nil {
			return nil, err
		}

		var r Rule
		if v, ok := fs["disabled"]; ok {
			if r.Disabled, err = d.boolean(v, what+".disabled"); err != nil {
				return nil, err
			}
		}
		if v, ok := fs["severity"]; ok {
			if r.Severity, err = d.severity(v, what+".severity"); err != nil {
				return nil, err
			}
		}
		out[id] = r
	}
	return out, nil
}

func (d nodes) severity(n *yaml.Node, what string) (result.Severity, error) {
	s, err := d.str(n, what)
	if err != nil {
		return 0, err
	}
	sev, err := result.ParseSeverity(s)
	if err != nil {
		return 0, d.errorf(n, "%s: %v", what, err)
	}
	return sev, nil
}

func (d nodes) ignore(n *yaml.Node) ([]Waiver, error) {
	n = deref(n)
	if isNull(n) {
		return nil, nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, d.errorf(n, "ignore must be a list of waivers")
	}

	out := make([]Waiver, 0, len(n.Content))
	for _, item := range n.Content {
		w, err := d.waiver(deref(item))
		if err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, nil
}

func (d nodes) waiver(n *yaml.Node) (Waiver, error) {
	w := Waiver{Line: n.Line}
	fs, err := d.fields(n, "an ignore entry", "check", "path", "reason", "expires")
	if err != nil {
		return w, err
	}

	c, ok := fs["check"]
	if !ok {
		return w, d.errorf(n, "an ignore entry needs a check")
	}
	if w.Check, err = d.checkID(c); err != nil {
		return w, err
	}
	r, ok := fs["reason"]
	if ok {
		w.Reason, err = d.str(r, "reason")
	}
	if err != nil {
		return w, err
	}
	if strings.TrimSpace(w.Reason) == "" {
		return w, d.errorf(n, "the ignore entry for %q needs a reason", w.Check)
	}

	if p, ok := fs["path"]; ok {
		if w.Path, err = d.glob(p); err != nil {
			return w, err
		}
	}
	if e, ok := fs["expires"]; ok {
		if w.Expires, err = d.date(e); err != nil {
			return w, err
		}
	}
	return w, nil
}

// glob reads an absolute path pattern that path.Match accepts.
func (d nodes) glob(n *yaml.Node) (string, error) {
	g, err := d.str(n, "path")
	if err != nil {
		return "", err
	}
	if !strings.HasPrefix(g, "/") {
		return "", d.errorf(n, "path %q must be absolute, as the container sees it", g)
	}
	if _, err := path.Match(strings.TrimSuffix(g, "/**"), "/"); err != nil {
		return "", d.errorf(n, "bad path pattern %q: %v", g, err)
	}
	return g, nil
}

// date reads a day as YYYY-MM-DD.
func (d nodes) date(n *yaml.Node) (time.Time, error) {
	s, err := d.str(n, "expires")
	if err != nil {
		return time.Time{}, err
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, d.errorf(n, "bad date %q (want YYYY-MM-DD)", s)
	}
	return t, nil
}
