package layers

import (
	"archive/tar"
	"io/fs"
	"path"
	"strings"
)

// Whiteout names, as overlay-style layers write them.
const (
	whiteoutPrefix = ".wh."
	whiteoutMeta   = ".wh..wh."
	opaqueMarker   = ".wh..wh..opq"
)

// stargzMeta holds the names an estargz layer adds at its root for its own
// bookkeeping; they are not part of the filesystem.
var stargzMeta = map[string]bool{
	"/stargz.index.json":     true,
	"/.prefetch.landmark":    true,
	"/.no.prefetch.landmark": true,
}

// cleanName turns a name from a tar header into an absolute, clean path.
// Leading "./" and "/" go away and ".." never climbs above the root.
func cleanName(name string) string {
	return path.Clean("/" + name)
}

// whiteout reports the removal a whiteout file at p stands for. ok is false
// when p is not a whiteout. skip is set for whiteout-like names that remove
// nothing (an empty name, or overlay bookkeeping such as ".wh..wh.plnk").
func whiteout(p string) (r Removal, ok, skip bool) {
	dir, base := path.Split(p)
	if !strings.HasPrefix(base, whiteoutPrefix) {
		return Removal{}, false, false
	}

	if base == opaqueMarker {
		return Removal{Path: path.Clean(dir), Opaque: true}, true, false
	}

	name := base[len(whiteoutPrefix):]
	if name == "" || strings.HasPrefix(base, whiteoutMeta) {
		return Removal{}, false, true
	}
	return Removal{Path: path.Join(dir, name)}, true, false
}

// kindOf maps a tar type flag to a Kind. ok is false for flags that carry no
// filesystem object, such as a GNU volume label or the PAX global header
// that git archive writes first.
func kindOf(flag byte) (k Kind, ok bool) {
	switch flag {
	case tar.TypeReg, tar.TypeRegA, tar.TypeGNUSparse, tar.TypeCont:
		return File, true
	case tar.TypeDir, 'D': // 'D' is a GNU dump directory
		return Dir, true
	case tar.TypeSymlink:
		return Symlink, true
	case tar.TypeLink:
		return File, true // settled when the layer is merged
	case tar.TypeChar, tar.TypeBlock, tar.TypeFifo:
		return Other, true
	case 'V', tar.TypeXGlobalHeader: // a GNU volume label, PAX defaults
		return 0, false
	}
	return Other, true
}

// modeOf keeps the permission bits and the setuid, setgid and sticky bits of
// a tar mode.
func modeOf(m int64) fs.FileMode {
	mode := fs.FileMode(m) & fs.ModePerm
	if m&0o4000 != 0 {
		mode |= fs.ModeSetuid
	}
	if m&0o2000 != 0 {
		mode |= fs.ModeSetgid
	}
	if m&0o1000 != 0 {
		mode |= fs.ModeSticky
	}
	return mode
}

// newEntry builds the entry for a tar header, without its content. ok is
// false when the header names nothing the filesystem would hold.
func newEntry(hdr *tar.Header, p string, layer int) (e *Entry, ok bool) {
	kind, ok := kindOf(hdr.Typeflag)
	if !ok {
		return nil, false
	}

	e = &Entry{
		Path:  p,
		Kind:  kind,
		Mode:  modeOf(hdr.Mode),
		UID:   hdr.Uid,
		GID:   hdr.Gid,
		Layer: layer,
	}

	switch {
	case hdr.Typeflag == tar.TypeLink:
		e.Hardlink = true
		e.Link = cleanName(hdr.Linkname)
	case kind == Symlink:
		e.Link = hdr.Linkname
	case kind == File:
		e.Size = hdr.Size
	}
	return e, true
}
