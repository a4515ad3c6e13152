from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0012_passkeys"),
    ]

    operations = [
        migrations.AddField(
            model_name="profile",
            name="shows_first_lines",
            field=models.BooleanField(default=False),
        ),
    ]
