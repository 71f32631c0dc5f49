# The answer to a citizen's feedback, e-mailed to the address they gave (surveys/feedback.py).


def get_context(context):
	pass
