package policy

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// nodes reads values out of a YAML tree and names the file and line of the
// first thing that is wrong.
type nodes struct {
	file string
}

func (d nodes) errorf(n *yaml.Node, format string, args ...any) error {
	return &Error{File: d.file, Line: n.Line, Msg: fmt.Sprintf(format, args...)}
}

// deref follows an alias to the node it names.
func deref(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// pair is one key of a mapping and its value.
type pair struct {
	key   *yaml.Node
	value *yaml.Node
}

// pairs returns the entries of a mapping in file order, refusing a key
// given twice. A null value reads as an empty mapping.
func (d nodes) pairs(n *yaml.Node, what string) ([]pair, error) {
	n = deref(n)
	if isNull(n) {
		return nil, nil
	}
	if n.Kind != yaml.MappingNode {
		return nil, d.errorf(n, "%s must be a mapping of keys to values", what)
	}

	seen := map[string]int{}
	out := make([]pair, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), deref(n.Content[i+1])
		if line, dup := seen[k.Value]; dup {
			return nil, d.errorf(k, "%q is given twice (first at line %d)", k.Value, line)
		}
		seen[k.Value] = k.Line
		out = append(out, pair{key: k, value: v})
	}
	return out, nil
}

// fields returns the values of a mapping by key, refusing keys other than
// known.
func (d nodes) fields(n *yaml.Node, what string, known ...string) (map[string]*yaml.Node, error) {
	ps, err := d.pairs(n, what)
	if err != nil {
		return nil, err
	}

	out := make(map[string]*yaml.Node, len(ps))
	for _, p := range ps {
		if !slices.Contains(known, p.key.Value) {
			return nil, d.errorf(p.key, "unknown key %q in %s (want %s)",
				p.key.Value, what, orList(known))
		}
		out[p.key.Value] = p.value
	}
	return out, nil
}

// str reads a scalar as a string.
func (d nodes) str(n *yaml.Node, what string) (string, error) {
	if n.Kind != yaml.ScalarNode || isNull(n) {
		return "", d.errorf(n, "%s must be a single value", what)
	}
	return n.Value, nil
}

// boolean reads true or false.
func (d nodes) boolean(n *yaml.Node, what string) (bool, error) {
	var b bool
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" || n.Decode(&b) != nil {
		return false, d.errorf(n, "%s must be true or false, not %q", what, n.Value)
	}
	return b, nil
}

// orList writes "a, b or c".
func orList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}
