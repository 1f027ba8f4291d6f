"""Stage 3, render: editions through the Jinja templates into HTML.

Takes editions; gives the standalone page, the embeddable fragment, the print HTML
that the PDF stage lays out, the bilingual page and the index, with the figures
drawn for them. It reads only the templates folder and the content folder.
"""
