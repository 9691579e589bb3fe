manage
