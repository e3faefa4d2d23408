"""What the fork server of exports.isolated imports once, so that every render process
starts with it: the renderers and, where its system libraries are installed, WeasyPrint
(about two seconds to import). Never imported by the web server itself."""

from exports import docx, formats, html  # noqa: F401

try:
    import weasyprint  # noqa: F401
except (ImportError, OSError):  # the PDF render then says what to install (exports.pdf)
    pass
