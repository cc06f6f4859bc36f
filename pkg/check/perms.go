package check

import (
	"fmt"
	"io/fs"

	"github.com/imgaudit/imgaudit/layers"
	"github.com/imgaudit/imgaudit/pkg/result"
)

func setuidFiles(in *Input) []result.Finding {
	var out []result.Finding
	for e := range in.Index.All() {
		if e.Kind != layers.File || e.Mode&(fs.ModeSetuid|fs.ModeSetgid) == 0 {
			continue
		}
		var bits, owner string
		switch {
		case e.Mode&fs.ModeSetuid != 0 && e.Mode&fs.ModeSetgid != 0:
			bits, owner = "setuid and setgid", fmt.Sprintf("uid %d, gid %d", e.UID, e.GID)
		case e.Mode&fs.ModeSetuid != 0:
			bits, owner = "setuid", fmt.Sprintf("uid %d", e.UID)
		default:
			bits, owner = "setgid", fmt.Sprintf("gid %d", e.GID)
		}
		f := result.Finding{Severity: result.Info, Message: fmt.Sprintf(
			"%s is %s (runs with %s whoever starts it); remove the bit with chmod u-s,g-s "+
				"unless the service needs it", showPath(e.Path), bits, owner)}
		out = append(out, in.at(f, e))
	}
	return out
}

// sharedDirs are the places meant to be writable by everyone.
var sharedDirs = []string{"/tmp", "/var/tmp", "/dev", "/run/lock", "/var/lock", "/proc", "/sys"}

// worldWritable reports whether anyone may change e: a file with the
// other-write bit, or such a folder without the sticky bit that keeps
// users from removing each other's files.
func worldWritable(e *layers.Entry) bool {
	if e.Mode&0o002 == 0 {
		return false
	}
	switch e.Kind {
	case layers.File:
		return true
	case layers.Dir:
		return e.Mode&fs.ModeSticky == 0
	}
	return false
}

func worldWritableFiles(in *Input) []result.Finding {
	type hit struct {
		e     *layers.Entry
		below int
	}
	var hits []*hit
	reported := map[string]*hit{}

next:
	for e := range in.Index.All() {
		for _, d := range sharedDirs {
			if isUnder(e.Path, d) {
				continue next
			}
		}
		if !worldWritable(e) {
			continue
		}
		// Under a reported folder, one finding for the folder says enough.
		for _, d := range ancestors(e.Path) {
			if h := reported[d]; h != nil {
				h.below++
				continue next
			}
		}
		h := &hit{e: e}
		hits = append(hits, h)
		if e.Kind == layers.Dir {
			reported[e.Path] = h
		}
	}

	out := make([]result.Finding, 0, len(hits))
	for _, h := range hits {
		what := "file"
		if h.e.Kind == layers.Dir {
			what = "folder"
		}
		if h.below > 0 {
			what += fmt.Sprintf(" (and %d world-writable entries below it)", h.below)
		}
		f := result.Finding{Severity: result.Low, Message: fmt.Sprintf(
			"%s is a world-writable %s: any user in the container can change it; "+
				"remove the bit with chmod o-w, or add the sticky bit to a shared folder",
			showPath(h.e.Path), what)}
		out = append(out, in.at(f, h.e))
	}
	return out
}
