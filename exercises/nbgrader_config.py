"""nbgrader configuration for a kitlib course (copied into the course directory).

``python -m kitlib.grading course exercises COURSE_DIR`` copies this file next to
``source/``; edit the course id and the student list there. See
``exercises/README.md`` for the whole workflow.
"""

c = get_config()  # noqa: F821 - nbgrader provides get_config when it loads this file

c.CourseDirectory.course_id = "kitlib"

# The stub nbgrader puts in place of each "### BEGIN SOLUTION" block.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}

# Autograding: each cell may run this long (training loops take a few seconds);
# an endless loop is interrupted and that cell scores 0. Errors in one cell do
# not stop the others.
c.Execute.timeout = 120
c.Execute.interrupt_on_timeout = True
