#!/usr/bin/env python3
"""Finishes the control file of the .deb the Tauri bundler made (src-tauri/scripts/package.sh).

    deb_control.py <control file> <package name> <maintainer> <shlibs:Depends value> <installed KiB>

The bundler names the package after the product name ("video-gen-studio"), takes the
publisher as a maintainer without an address, writes the long description as one line and
leaves out the C library. This sets the package name and maintainer, puts the shared
libraries dpkg-shlibdeps found in front of the declared dependencies (one entry per
package), wraps the description at 79 columns and sets Installed-Size.
"""
import re
import sys
import textwrap


def main() -> None:
    path, package, maintainer, shlibs, installed_kib = sys.argv[1:6]
    fields: dict[str, str] = {}
    key = None
    for line in open(path, encoding="utf-8").read().splitlines():
        if line.startswith((" ", "\t")) and key:
            fields[key] += "\n" + line
        elif line.strip():
            key, _, value = line.partition(":")
            fields[key] = value.strip()

    fields["Package"] = package
    fields["Maintainer"] = maintainer
    fields["Installed-Size"] = installed_kib

    depends: dict[str, str] = {}
    for entry in [*shlibs.split(","), *fields.get("Depends", "").split(",")]:
        entry = entry.strip()
        if not entry:
            continue
        name = re.split(r"[\s(|]", entry, maxsplit=1)[0]
        # A versioned entry (from shlibs) wins over a bare name.
        if name not in depends or "(" in entry:
            depends[name] = entry
    fields["Depends"] = ", ".join(depends.values())

    synopsis, _, long = fields["Description"].partition("\n")
    paragraphs = [" ".join(p.split()) for p in long.strip().split("\n .\n")]
    wrapped = "\n .\n".join(
        "\n".join(" " + line for line in textwrap.wrap(p, width=78)) for p in paragraphs if p
    )
    fields["Description"] = synopsis + ("\n" + wrapped if wrapped else "")

    order = ["Package", "Version", "Architecture", "Installed-Size", "Maintainer", "Section",
             "Priority", "Depends", "Recommends", "Provides", "Conflicts", "Replaces", "Description"]
    keys = [k for k in order if k in fields] + [k for k in fields if k not in order]
    with open(path, "w", encoding="utf-8") as out:
        for k in keys:
            out.write(f"{k}: {fields[k]}\n")


if __name__ == "__main__":
    main()
