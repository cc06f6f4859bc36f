package diff

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/imgaudit/imgaudit/pkg/check"
	"github.com/imgaudit/imgaudit/pkg/diff/change"
)

// configs lists how the runtime configs differ (the platform, which
// compare adds before them, aside): user, health check,
// entrypoint and cmd, environment variables by name only, exposed ports
// and labels.
func configs(before, after v1.Config) []change.Config {
	var out []change.Config
	out = appendValue(out, "user", "", before.User, after.User)
	out = appendValue(out, "healthcheck", "", healthcheck(before), healthcheck(after))
	out = appendValue(out, "entrypoint", "", args(before.Entrypoint), args(after.Entrypoint))
	out = appendValue(out, "cmd", "", args(before.Cmd), args(after.Cmd))

	// A variable's value may be a credential: only its name is reported.
	oldEnv, newEnv := env(before.Env), env(after.Env)
	for _, name := range keys(oldEnv, newEnv) {
		if c, ok := changeOf(oldEnv, newEnv, name); ok {
			out = append(out, change.Config{Field: "env", Key: name, Change: c})
		}
	}

	oldPorts, newPorts := ports(before.ExposedPorts), ports(after.ExposedPorts)
	for _, p := range keys(oldPorts, newPorts) {
		if c, ok := changeOf(oldPorts, newPorts, p); ok {
			out = append(out, change.Config{Field: "port", Key: p, Change: c})
		}
	}

	for _, name := range keys(before.Labels, after.Labels) {
		out = appendValue(out, "label", name, check.MaskValue(name, before.Labels[name]),
			check.MaskValue(name, after.Labels[name]))
	}
	return out
}

// appendValue records a changed value; "" stands for unset.
func appendValue(out []change.Config, field, key, old, new string) []change.Config {
	c := change.Config{Field: field, Key: key, Old: old, New: new}
	switch {
	case old == new:
		return out
	case old == "":
		c.Change = change.Added
	case new == "":
		c.Change = change.Removed
	default:
		c.Change = change.Changed
	}
	return append(out, c)
}

// changeOf says how the entry at k differs between two maps.
func changeOf(before, after map[string]string, k string) (string, bool) {
	o, inOld := before[k]
	n, inNew := after[k]
	switch {
	case !inOld:
		return change.Added, true
	case !inNew:
		return change.Removed, true
	case o != n:
		return change.Changed, true
	}
	return "", false
}

// keys returns the keys of both maps, sorted.
func keys(a, b map[string]string) []string {
	all := maps.Clone(a)
	if all == nil {
		all = map[string]string{}
	}
	maps.Copy(all, b)
	return slices.Sorted(maps.Keys(all))
}

// env reads NAME=value entries; the last of a name wins, as at run time.
func env(entries []string) map[string]string {
	out := map[string]string{}
	for _, e := range entries {
		name, value, _ := strings.Cut(e, "=")
		out[name] = value
	}
	return out
}

func ports(set map[string]struct{}) map[string]string {
	out := map[string]string{}
	for p := range set {
		out[p] = ""
	}
	return out
}

func healthcheck(c v1.Config) string {
	if c.Healthcheck == nil {
		return ""
	}
	return args(c.Healthcheck.Test)
}

// args writes a command as the JSON array a Dockerfile's exec form uses,
// credentials masked; "" when there is none.
func args(a []string) string {
	if len(a) == 0 {
		return ""
	}
	b, _ := json.Marshal(check.MaskArgs(a))
	return string(b)
}
